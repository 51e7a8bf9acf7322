import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { createCompany, uniqueName } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let browser: Browser;
before(async () => {
  ctx = await createTestContext();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});
after(async () => {
  await browser.close();
  await ctx.close();
});

async function invitedEmployee() {
  const company = await createCompany(ctx.services);
  const api = ctx.as(company);
  const response = await api.post('/v2/employees/invite', { email: `browser.${uniqueName('')}@example.com`, first_name: 'Grace' });
  assert.equal(response.statusCode, 201, response.body);
  const [outbox] = await ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).execute();
  const email = await ctx.services.invites.prepareInviteEmail(company.id, JSON.parse(outbox.payload));
  const path = new URL(email!.text.match(/https?:\/\/\S+/)![0]).pathname;
  return { company, api, employee: response.json(), path };
}

describe('the set-password page in a real browser', () => {
  it('an invited employee sets a password through the form, becomes active and lands signed in on /', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { api, employee, path } = await invitedEmployee();
    const page = await browser.newPage();
    try {
      await page.goto(`${address}${path}`);
      assert.equal(await page.locator('h1').textContent(), 'Set your password');
      await page.fill('input[name=password]', 'a long new password');
      await page.fill('input[name=password_confirmation]', 'a different password');
      await page.click('button[type=submit]');
      assert.match((await page.locator('.problem').textContent()) ?? '', /do not match/);
      await page.fill('input[name=password]', 'a long new password');
      await page.fill('input[name=password_confirmation]', 'a long new password');
      // Signed in and sent on to the Stream at / (which this test does not need to render).
      await Promise.all([page.waitForURL(`${address}/`), page.click('button[type=submit]')]);
      assert.equal(new URL(page.url()).pathname, '/');
      const cookies = await page.context().cookies(address);
      const session = cookies.find((c) => c.name === 'ac_session');
      assert.ok(session, 'the browser holds the session cookie');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      const me = await page.request.get(`${address}/app/api/me`);
      assert.equal(me.status(), 200);
      assert.equal((await me.json()).employee.email, employee.email);
      const after = await api.get(`/v2/employees/${encodeURIComponent(employee.email)}`);
      assert.equal(after.json().status, 'active');
      const reused = await page.goto(`${address}${path}`);
      assert.equal(reused?.status(), 410);
    } finally {
      await page.close();
    }
  });

  it('the token never reaches the logs', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk) => lines.push(String(chunk)));
    const loud = await buildApp({ ...ctx.config, logLevel: 'trace' }, ctx.services, { logStream: stream });
    await loud.ready();
    const { path } = await invitedEmployee();
    const token = path.split('/').pop()!;
    assert.equal((await loud.inject({ method: 'GET', url: path })).statusCode, 200);
    await loud.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'password=long+enough+pw&password_confirmation=long+enough+pw' });
    await loud.inject({ method: 'GET', url: '/v2/employees' });
    await loud.close();
    assert.ok(lines.length > 0, 'other requests are logged');
    assert.ok(!lines.join('').includes(token));
    assert.ok(!lines.join('').includes('long enough pw'));
  });
});
