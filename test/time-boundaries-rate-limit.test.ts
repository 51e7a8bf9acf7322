import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { createCompany } from './helpers/factories.ts';
import { getData } from './helpers/data-return.ts';
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
    for (let i = 0; i < 2; i++) assert.equal((await getData(ctx, company, '/v2/data')).statusCode, 200);
    assert.equal((await getData(ctx, company, '/v2/data')).statusCode, 429, 'the limit is reached');

    offset.ms = WINDOW_MS - MARGIN_MS;
    const inside = await getData(ctx, company, '/v2/data');
    assert.equal(inside.statusCode, 429, 'just inside the window: still limited');
    assert.equal(inside.headers['retry-after'], '1', 'about 1 s left');

    offset.ms = WINDOW_MS + MARGIN_MS;
    const outside = await getData(ctx, company, '/v2/data');
    assert.equal(outside.statusCode, 200, `just after the window: ${outside.body}`);
    assert.equal(outside.headers['ratelimit-remaining'], '1', 'a fresh window: one request counted');
  });
});
