import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { APP_CSP, CLIENT_ROUTES, isClientPath } from '../src/plugins/web-app.ts';
import { buildWeb, webDistProblem } from '../scripts/web-build.mjs';
import { startServerProcess } from './helpers/server-process.ts';
import { createListeningTestContext, createTestContext, type TestContext } from './helpers/test-app.ts';

// The real build: the test runner (scripts/run-tests.mjs) builds web/dist when it is missing or stale.
const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'web', 'dist');
const shellHtml = () => fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
/** The hashed entry script the built shell loads, e.g. /assets/index-Wcdbsq9B.js. */
const entryScript = () => /<script[^>]*\ssrc="(\/assets\/[^"]+\.js)"/.exec(shellHtml())![1];

/** Every client route, and a path under each (but `/`), as a browser would open them. */
const requestId = randomUUID();
const PAGES = ['/', '/?period=7d&channel=email', '/login', '/login/', '/forgot-password', '/forgot-password/sent', '/account', '/account/sessions', `/feedback/${requestId}`, `/feedback/${requestId}/comments?x=1`, '/reports?period=7&channel=chat', '/reports/team?sort=nps&dir=asc', '/reports/leaderboard?tv=1&metric=nps', '/reports/recovery', '/settings/brands', '/settings/connections'];

/** Asserts a response is the app shell with the shell's headers. */
function assertShell(response: { headers: Record<string, unknown>; body: string }, where: string) {
  assert.equal(response.body, shellHtml(), where);
  assertShellHeaders(response.headers, where);
}

function assertShellHeaders(headers: Record<string, unknown>, where: string) {
  assert.match(String(headers['content-type']), /^text\/html; charset=utf-8$/, where);
  assert.equal(headers['cache-control'], 'no-cache', where);
  assert.equal(headers['content-security-policy'], APP_CSP, where);
  // What the survey pages send besides their own CSP (security-headers plugin and survey.routes.ts).
  assert.equal(headers['x-content-type-options'], 'nosniff', where);
  assert.equal(headers['x-frame-options'], 'DENY', where);
  assert.equal(headers['referrer-policy'], 'same-origin', where);
}

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

describe('the web app is served', () => {
  it('the client routes list names each page the issue asks for', () => {
    assert.deepEqual([...CLIENT_ROUTES], ['/', '/login', '/forgot-password', '/account', '/feedback/:requestId', '/reports', '/reports/team', '/reports/leaderboard', '/reports/recovery', '/settings/brands', '/settings/connections']);
  });

  it('every client route and any path under it answers the app shell, revalidated, with the strict CSP and the pages\' security headers', async () => {
    for (const url of PAGES) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assertShell(response, url);
      assert.ok(isClientPath(url.split('?')[0]), url);
    }
  });

  it('HEAD of a page and of an asset: the headers of GET, no body', async () => {
    const page = await ctx.app.inject({ method: 'HEAD', url: '/feedback/abc' });
    assert.equal(page.statusCode, 200);
    assert.equal(page.body, '');
    assertShellHeaders(page.headers, 'HEAD /feedback/abc');
    const asset = await ctx.app.inject({ method: 'HEAD', url: entryScript() });
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.body, '');
    assert.equal(Number(asset.headers['content-length']), fs.statSync(path.join(DIST, entryScript())).size);
  });

  it('a hashed asset: its bytes, a JavaScript content type, cached for a year as immutable, the CSP too', async () => {
    const url = entryScript();
    const response = await ctx.app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^(text|application)\/javascript/);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['content-security-policy'], APP_CSP);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.body, fs.readFileSync(path.join(DIST, url), 'utf8'));
  });

  it('a client that accepts Brotli or gzip gets the build\'s precompressed copy, with Vary: accept-encoding', async () => {
    const url = entryScript();
    const original = fs.readFileSync(path.join(DIST, url));
    for (const [accept, encoding, decode] of [
      ['br, gzip', 'br', zlib.brotliDecompressSync],
      ['gzip, deflate', 'gzip', zlib.gunzipSync],
    ] as const) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept } });
      assert.equal(response.statusCode, 200, accept);
      assert.equal(response.headers['content-encoding'], encoding);
      assert.match(String(response.headers.vary), /accept-encoding/);
      assert.match(String(response.headers['content-type']), /^(text|application)\/javascript/);
      assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.ok(response.rawPayload.length < original.length / 2, `${encoding}: ${response.rawPayload.length} bytes`);
      assert.deepEqual(decode(response.rawPayload), original);
    }
  });

  it('a missing asset, a path outside assets/ and the shell by name are JSON 404s, never the shell', async () => {
    for (const url of ['/assets/missing.js', '/assets/', '/assets/..%2findex.html', '/assets/%2e%2e/index.html', '/index.html', '/assets/.hidden']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.ok([403, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
      assert.match(String(response.headers['content-type']), /^application\/json/, url);
      assert.notEqual(response.body, shellHtml(), url);
    }
  });

  it('every other path keeps its answer: API 404s stay JSON, the API, survey, invite, reset, docs, health and metrics routes are untouched', async () => {
    for (const url of ['/v1/nope', '/v2/nope', '/app/api/nope', '/feedback', '/loginx', '/accounts', '/nope/login', '/assetsx/a.js']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.deepEqual(response.json(), { error: 'Not Found', message: `No route for GET ${url}` }, url);
      assert.equal(isClientPath(url), false, url);
    }
    const expected: [string, number, RegExp][] = [
      ['/healthz', 200, /^application\/json/],
      ['/metrics', 200, /^text\/plain/],
      ['/openapi.json', 200, /^application\/json/],
      ['/docs/', 200, /^text\/html/],
      ['/v1/requests', 404, /^application\/json/], // GET: only POST exists
      ['/v2/employees', 403, /^application\/json/],
      ['/app/api/me', 401, /^application\/json/],
      ['/s/not-a-token', 404, /^text\/html/],
      ['/invite/not-a-token', 404, /^text\/html/],
      ['/reset-password/not-a-token', 404, /^text\/html/],
    ];
    for (const [url, status, type] of expected) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, status, `${url}: ${response.body.slice(0, 200)}`);
      assert.match(String(response.headers['content-type']), type, url);
      assert.notEqual(response.body, shellHtml(), url);
      assert.notEqual(response.headers['content-security-policy'], APP_CSP, url);
    }
  });

  it('the built shell has no inline script: every script is a file under /assets/', () => {
    const scripts = [...shellHtml().matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes, /\ssrc="\/assets\/[^"]+"/, attributes);
      assert.equal(body.trim(), '');
    }
    assert.doesNotMatch(shellHtml(), /\son[a-z]+=/i, 'no inline event handlers');
  });
});

describe('the web app over a real connection', () => {
  it('fetch over HTTP: the shell on a nested client route, and its script', async () => {
    const { ctx: listening, baseUrl } = await createListeningTestContext();
    try {
      const page = await fetch(`${baseUrl}/feedback/${requestId}/details`);
      assert.equal(page.status, 200);
      assertShell({ headers: Object.fromEntries(page.headers), body: await page.text() }, 'fetch');
      const script = await fetch(`${baseUrl}${entryScript()}`);
      assert.equal(script.status, 200);
      assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal((await script.arrayBuffer()).byteLength, fs.statSync(path.join(DIST, entryScript())).size);
    } finally {
      await listening.close();
    }
  });

  it('Chromium renders the app under its CSP with no violation reported; a <style> the app did not ship is refused', async () => {
    const { ctx: listening, baseUrl } = await createListeningTestContext();
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));
      });
      const response = await page.goto(`${baseUrl}/login`);
      assert.equal(response?.status(), 200);
      assert.equal(response!.headers()['content-security-policy'], APP_CSP);
      // The app mounted: React rendered something into #root, which the shell leaves empty.
      await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      assert.deepEqual(violations, []);

      // An injected <style> (what Radix's scroll lock would add) does not apply, and is reported.
      const applied = await page.evaluate(() => {
        const injected = document.createElement('style');
        injected.textContent = 'body { border-left-style: solid; border-left-width: 9px; }';
        document.head.appendChild(injected);
        return getComputedStyle(document.body).borderLeftWidth;
      });
      assert.equal(applied, '0px');
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Reported twice: Chromium's console message and the securitypolicyviolation event.
      assert.ok(violations.length > 0);
      for (const violation of violations) assert.match(violation, /style-src/);
    } finally {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
      await listening.close();
    }
  });
});

describe('WEB_DIST_DIR', () => {
  it('defaults to web/dist of the package, from the sources and from the compiled server alike, whatever the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      const { loadConfig } = await import('../src/config.ts');
      assert.equal(loadConfig({}).webDistDir, DIST);
      const compiled = (await import(path.join(ROOT, 'dist', 'config.js'))) as typeof import('../src/config.ts');
      assert.equal(compiled.loadConfig({}).webDistDir, DIST);
      assert.equal(loadConfig({ WEB_DIST_DIR: 'build/web' }).webDistDir, path.join(os.tmpdir(), 'build', 'web'));
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('without a built web app', () => {
  it('client routes answer 503 with a page saying how to build it; assets 404; the API works; one warning at start', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-no-web-'));
    let logs = '';
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    const bare = await createTestContext({ WEB_DIST_DIR: empty, LOG_LEVEL: 'warn' }, { logStream });
    try {
      assert.equal(bare.config.webDistDir, empty);
      for (const url of ['/', '/login', `/feedback/${requestId}/x`]) {
        const response = await bare.app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 503, url);
        assert.match(String(response.headers['content-type']), /^text\/html/);
        assert.equal(response.headers['cache-control'], 'no-store');
        assert.match(response.body, /The web app is not built/);
        assert.match(response.body, /npm run build/);
        assert.doesNotMatch(response.body, new RegExp(empty), 'the server\'s directories are not shown');
        assert.match(String(response.headers['content-security-policy']), /default-src 'none'/);
        assert.equal(response.headers['x-frame-options'], 'DENY');
      }
      const head = await bare.app.inject({ method: 'HEAD', url: '/account' });
      assert.equal(head.statusCode, 503);
      const asset = await bare.app.inject({ method: 'GET', url: '/assets/index-abc.js' });
      assert.equal(asset.statusCode, 404);
      assert.match(String(asset.headers['content-type']), /^application\/json/);
      assert.equal((await bare.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      const warnings = logs.trim().split('\n').map((line) => JSON.parse(line)).filter((line) => /web app is not built/.test(line.msg));
      assert.equal(warnings.length, 1, logs);
      assert.equal(warnings[0].webDistDir, empty);

      // Built while the server runs (another process's `npm run build`): served at once, no restart.
      fs.mkdirSync(path.join(empty, 'assets'));
      fs.writeFileSync(path.join(empty, 'index.html'), '<!doctype html><title>built</title>');
      fs.writeFileSync(path.join(empty, 'assets', 'app-1234.js'), 'export {};');
      const built = await bare.app.inject({ method: 'GET', url: '/login' });
      assert.equal(built.statusCode, 200);
      assert.equal(built.body, '<!doctype html><title>built</title>');
      assert.equal((await bare.app.inject({ method: 'GET', url: '/assets/app-1234.js' })).statusCode, 200);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('REQUIRE_HTTPS: a plain-HTTP client route or asset is redirected to PUBLIC_URL like the other pages', async () => {
    const strict = await createTestContext({ REQUIRE_HTTPS: 'true', PUBLIC_URL: 'https://feedback.example.com' });
    try {
      for (const url of ['/login?next=%2Faccount', `/feedback/${requestId}`, '/', entryScript()]) {
        const response = await strict.app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 301, url);
        assert.equal(response.headers.location, `https://feedback.example.com${url}`);
      }
      assert.equal((await strict.app.inject({ method: 'GET', url: '/v1/nope' })).statusCode, 403);
    } finally {
      await strict.close();
    }
  });
});

describe('when the web app is rebuilt', () => {
  /** A package root with the web app's inputs and a build, each file's modification time set to `at` seconds. */
  function fakeCheckout(times: Record<string, number>) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-web-stale-'));
    for (const [file, at] of Object.entries(times)) {
      const full = path.join(root, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, '');
      fs.utimesSync(full, at, at);
    }
    return root;
  }
  const inputs = { 'web/src/main.tsx': 100, 'web/src/features/stream/card.tsx': 100, 'web/index.html': 100, 'web/vite.config.ts': 100, 'web/package.json': 100 };

  it('stale means: web/dist/index.html missing, or older than a file under web/src, web/index.html, web/vite.config.ts or web/package.json', () => {
    const cases: [Record<string, number>, string | null][] = [
      [inputs, 'web/dist is missing'],
      [{ ...inputs, 'web/dist/index.html': 200 }, null],
      [{ ...inputs, 'web/dist/index.html': 100 }, null],
      [{ ...inputs, 'web/dist/index.html': 200, 'web/src/features/stream/card.tsx': 300 }, 'web/dist is older than web/src/features/stream/card.tsx'],
      [{ ...inputs, 'web/dist/index.html': 200, 'web/index.html': 300 }, 'web/dist is older than web/index.html'],
      [{ ...inputs, 'web/dist/index.html': 200, 'web/vite.config.ts': 300 }, 'web/dist is older than web/vite.config.ts'],
      [{ ...inputs, 'web/dist/index.html': 200, 'web/package.json': 300 }, 'web/dist is older than web/package.json'],
      [{ ...inputs, 'web/dist/index.html': 200, 'web/src/favicon.svg': 300 }, 'web/dist is older than web/src/favicon.svg'],
      // Not inputs of the bundle: tests, installed packages, the build's own files, the server.
      [{ ...inputs, 'web/dist/index.html': 200, 'web/src/stream.test.ts': 300, 'web/src/ui/button.test.tsx': 300 }, null],
      [{ ...inputs, 'web/dist/index.html': 200, 'web/node_modules/x/index.js': 300, 'web/src/node_modules/y.js': 300 }, null],
      [{ ...inputs, 'web/dist/index.html': 200, 'web/dist/assets/index-1.js': 300, 'web/tsconfig.json': 300, 'src/app.ts': 300 }, null],
    ];
    for (const [files, expected] of cases) {
      const root = fakeCheckout(files);
      try {
        assert.equal(webDistProblem(root), expected, JSON.stringify(files));
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
  });

  it('without Vite installed (npm ci --omit=dev) the build says so and does not throw', () => {
    const root = fakeCheckout(inputs);
    try {
      const lines: string[] = [];
      const result = buildWeb(root, { say: (line) => lines.push(line) });
      assert.equal(result.built, false);
      assert.equal(result.viteMissing, true);
      assert.match(result.message, /Vite is not installed/);
      assert.equal(fs.existsSync(path.join(root, 'web', 'dist')), false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('`agent-connect serve` rebuilds a stale web/dist before it listens, and says so; a current one is left alone', async () => {
    const shell = path.join(DIST, 'index.html');
    fs.utimesSync(shell, new Date(0), new Date(0));
    assert.match(String(webDistProblem(ROOT)), /^web\/dist is older than web\//);
    const database = ctx.env;
    let server = await startServerProcess({ DATABASE_URL: database.DATABASE_URL, DATA_DIR: database.DATA_DIR });
    try {
      assert.match(server.output(), /agent-connect: web\/dist is older than web\//);
      assert.match(server.output(), /agent-connect: built the web app into web\/dist in \d+\.\d s/);
      assert.equal(webDistProblem(ROOT), null);
      assert.ok(fs.statSync(shell).mtimeMs > 0);
      const page = await fetch(`${server.url}/account`);
      assert.equal(page.status, 200);
      assertShell({ headers: Object.fromEntries(page.headers), body: await page.text() }, 'serve');
    } finally {
      await server.stop();
    }
    server = await startServerProcess({ DATABASE_URL: database.DATABASE_URL, DATA_DIR: database.DATA_DIR });
    try {
      assert.doesNotMatch(server.output(), /web app|web\/dist/);
    } finally {
      await server.stop();
    }
  });
});
