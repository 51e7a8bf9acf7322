import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { DOCS_CSP } from '../../src/plugins/security-headers.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
let browser: BrowserContext;
let profile: string;
let baseUrl: string;
before(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

describe('/docs under its Content-Security-Policy', () => {
  it('renders Swagger UI with the API reference and no CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${baseUrl}/docs/`);
    assert.equal(response?.headers()['content-security-policy'], DOCS_CSP);
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
    assert.match(await page.textContent('.swagger-ui .info .title') ?? '', /Agent Connect API/);
    await page.waitForSelector('.opblock-summary-path', { timeout: 20_000 });
    assert.ok((await page.locator('.opblock').count()) > 30, 'every operation is listed');
    assert.deepEqual(violations, []);
  });

  it('cannot be framed by another page', async () => {
    const page = await browser.newPage();
    // A page of another origin on the same machine (another port), so nothing but the headers stands in the way.
    const framer = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${baseUrl}/docs/"></iframe>`));
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    let framed: boolean | undefined;
    try {
      await page.goto(`http://127.0.0.1:${(framer.address() as { port: number }).port}/`);
      await page.waitForLoadState('load');
      const frame = page.frames().find((f) => f !== page.mainFrame());
      assert.ok(frame, 'the iframe exists');
      framed = await frame.evaluate(() => document.getElementById('swagger-ui') !== null).catch(() => false);
    } finally {
      await new Promise((resolve) => framer.close(resolve));
    }
    assert.notEqual(framed, true, 'the docs rendered inside a foreign frame');
  });
});
