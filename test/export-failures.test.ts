import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { seedDemo } from '../src/modules/demo-data/seed-demo.ts';
import { sha256Hex } from '../src/lib/secrets.ts';
import { runCli } from './helpers/cli.ts';
import { dataCompany } from './helpers/data-return.ts';
import { FeedWatch } from './helpers/feed-watch.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const exec = promisify(execFile);
const REDIS_URL = 'redis://127.0.0.1:6379';
const ROWS = 20;

let ctx: TestContext;
let base: string;
let redis: Redis;
const watch = new FeedWatch('/v2/data');

before(async () => {
  // One data-return request per minute per key, counted in Redis so a test can shorten the window.
  ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '1', REDIS_URL }, { onRoute: watch.onRoute });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  redis = new Redis(REDIS_URL);
});
after(async () => {
  redis.disconnect();
  await ctx.close();
});

async function seededCompany(): Promise<CompanyCredentials> {
  const { company } = await dataCompany(ctx);
  await seedDemo(ctx.db, await ctx.services.companies.requireBySubdomain(company.subdomain), { interactions: ROWS, batchSize: 100 });
  return company;
}

/**
 * Uses up the company's one /v2/data request of this minute; when the next request arrives (the
 * CLI's, however long it took to start), the minute is made to end `seconds` later.
 */
async function rateLimited(company: CompanyCredentials, seconds: number): Promise<void> {
  assert.equal((await ctx.as(company).get('/v2/data')).statusCode, 200);
  const keys = (await redis.keys('agent-connect:rate-limit:*')).filter((key) => key.includes(sha256Hex(company.api_key)) && key.includes('/v2/data'));
  assert.equal(keys.length, 1, keys.join(', '));
  watch.beforeNextRequest(() => redis.pexpire(keys[0], seconds * 1000));
}

const exportArgs = (company: CompanyCredentials, url = base) => ['export', 'feedback', '--url', url, '--api-key', company.api_key, '--api-secret', company.api_secret];
const rowsOf = (stdout: string) => stdout.trim().split('\n').filter(Boolean).length;

describe('agent-connect export: waits and failures are told', () => {
  it('waits out a 429 saying so (one line when stderr is not a terminal), then exports everything', async () => {
    const company = await seededCompany();
    await rateLimited(company, 3);
    watch.urls.length = 0;
    const started = Date.now();
    const result = await runCli(ctx.env, ...exportArgs(company));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Date.now() - started >= 3000, 'it waited for the window to end');
    assert.match(result.stderr, /^rate limited by the server; retrying in 3 s\n/m);
    assert.equal(rowsOf(result.stdout), ROWS);
    assert.equal(watch.urls.length, 2, 'the refused request and the one streamed request');
  });

  it('counts the wait down each second on a terminal', async () => {
    const company = await seededCompany();
    await rateLimited(company, 3);
    const quoted = ['bin/agent-connect.js', ...exportArgs(company), '--out', `${ctx.database.dataDir}/tty-${company.subdomain}.ndjson`].map((arg) => `'${arg}'`).join(' ');
    // `script` runs the CLI on a pseudo-terminal and copies what it draws to our stdout.
    const { stdout } = await exec('script', ['-qefc', `'${process.execPath}' ${quoted}`, '/dev/null'], { env: { ...process.env, ...ctx.env } });
    assert.match(stdout, /\rrate limited by the server; retrying in 3 s\x1b\[K\rrate limited by the server; retrying in 2 s\x1b\[K\rrate limited by the server; retrying in 1 s\x1b\[K/);
    assert.match(stdout, new RegExp(`exported ${ROWS} feedback rows`));
  });

  it('names the URL and the cause when the server cannot be reached', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runCli(ctx.env, ...exportArgs({ api_key: 'k', api_secret: 's' } as CompanyCredentials, `http://127.0.0.1:${port}`));
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `error: cannot reach http://127.0.0.1:${port}/v2/data (ECONNREFUSED)\n`);
  });

  it('says which credential a 403 refused, with the server\'s message', async () => {
    const company = await seededCompany();
    const badSecret = await runCli(ctx.env, ...exportArgs({ ...company, api_secret: 'not-the-secret' }));
    assert.equal(badSecret.code, 1);
    assert.match(badSecret.stderr, new RegExp(`^error: ${base}/v2/data refused the credentials \\(403: Forbidden: the JWT is malformed, not HS256, or not signed with this company's API secret\\); check --api-secret`));
    const badKey = await runCli(ctx.env, ...exportArgs({ ...company, api_key: 'not-a-key' }));
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, new RegExp(`^error: ${base}/v2/data refused the credentials \\(403: .*\\); check --api-key \\(sent as x-api-key`));
  });
});
