import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { Redis } from 'ioredis';
import { sha256Hex } from '../src/lib/secrets.ts';
import { createCompany } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/**
 * The in-memory rate-limit window (60 s, src/plugins/rate-limit.ts) probed 1 s either side of its
 * reset. @fastify/rate-limit's memory store reads Date.now(): the test moves that clock forward
 * instead of waiting a minute (the JWTs it signs follow the same clock).
 */
const WINDOW_MS = 60_000;
const MARGIN_MS = 1_000;
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '2' });
});
after(() => ctx.close());

/** Date.now() that runs `offset.ms` ahead of the real clock until the test ends. */
function shiftableClock(t: { mock: typeof mock }): { ms: number } {
  const offset = { ms: 0 };
  const realNow = Date.now.bind(Date);
  t.mock.method(Date, 'now', () => realNow() + offset.ms);
  return offset;
}

describe('rate-limit window reset boundaries (in memory)', () => {
  it(`still answers 429 ${MARGIN_MS / 1000} s before the window ends and 200 ${MARGIN_MS / 1000} s after it`, async (t) => {
    const offset = shiftableClock(t);
    const company = await createCompany(ctx.services);
    for (let i = 0; i < 2; i++) assert.equal((await ctx.as(company).get('/v2/data')).statusCode, 200);
    assert.equal((await ctx.as(company).get('/v2/data')).statusCode, 429, 'the limit is reached');

    offset.ms = WINDOW_MS - MARGIN_MS;
    const inside = await ctx.as(company).get('/v2/data');
    assert.equal(inside.statusCode, 429, 'just inside the window: still limited');
    assert.equal(inside.headers['retry-after'], '1', 'about 1 s left');

    offset.ms = WINDOW_MS + MARGIN_MS;
    const outside = await ctx.as(company).get('/v2/data');
    assert.equal(outside.statusCode, 200, `just after the window: ${outside.body}`);
    assert.equal(outside.headers['ratelimit-remaining'], '1', 'a fresh window: one request counted');
  });
});

describe('rate-limit window reset boundaries (Redis)', () => {
  let shared: TestContext;
  let redis: Redis;
  before(async () => {
    shared = await createTestContext({ RATE_LIMIT_PER_MINUTE: '2', REDIS_URL: 'redis://127.0.0.1:6379' });
    redis = new Redis('redis://127.0.0.1:6379');
  });
  after(async () => {
    redis.disconnect();
    await shared.close();
  });

  it("opens the window for 60 s and resets it when the counter's TTL runs out, not before", async () => {
    const company = await createCompany(shared.services);
    for (let i = 0; i < 2; i++) assert.equal((await shared.as(company).get('/v2/data')).statusCode, 200);
    assert.equal((await shared.as(company).get('/v2/data')).statusCode, 429);
    const [key] = (await redis.keys('agent-connect:rate-limit:*')).filter((k) => k.includes(sha256Hex(company.api_key)) && k.includes('/v2/data'));
    assert.ok(key, 'the counter is in Redis');
    const ttl = await redis.pttl(key);
    assert.ok(ttl > WINDOW_MS - 5_000 && ttl <= WINDOW_MS, `the window is 60 s (${ttl} ms left)`);

    // Redis's clock cannot be moved: bring the end of the window to 1 s from now instead.
    await redis.pexpire(key, 1_000);
    assert.equal((await shared.as(company).get('/v2/data')).statusCode, 429, 'just inside the window: still limited');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const outside = await shared.as(company).get('/v2/data');
    assert.equal(outside.statusCode, 200, `just after the window: ${outside.body}`);
    assert.equal(outside.headers['ratelimit-remaining'], '1', 'a fresh window: one request counted');
    const fresh = await redis.pttl(key);
    assert.ok(fresh > WINDOW_MS - 5_000, `the new window is 60 s again (${fresh} ms left)`);
  });
});
