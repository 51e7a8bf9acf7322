import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { sha256Hex } from '../src/lib/secrets.ts';
import { createCompany } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { actingOn } from './helpers/test-client.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const ROUTES = ['/v2/data', '/v1/data/requests', '/v1/data/responses', '/v2/qa', '/v2/qa/audits', '/v2/qa/calibrations', '/v2/coaching/sessions'];

function assertThrottled(response: LightMyRequestResponse, limit: number) {
  assert.equal(response.statusCode, 429, response.body);
  // A HEAD answer has the headers alone.
  assert.equal(response.body, response.raw.req.method === 'HEAD' ? '' : 'Retry Later');
  assert.match(String(response.headers['content-type']), /^text\/plain/);
  const retryAfter = Number(response.headers['retry-after']);
  assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${response.headers['retry-after']}`);
  assert.equal(response.headers['ratelimit-limit'], String(limit));
  assert.equal(response.headers['ratelimit-remaining'], '0');
  assert.ok(Number(response.headers['ratelimit-reset']) > 0);
}

describe('data-return rate limit, in memory', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  after(() => ctx.close());

  it('allows RATE_LIMIT_PER_MINUTE requests per key and route, then 429 Retry Later with headers', async () => {
    const company = await createCompany(ctx.services);
    for (let i = 0; i < 3; i++) {
      const response = await ctx.as(company).get('/v2/data');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['ratelimit-limit'], '3');
      assert.equal(response.headers['ratelimit-remaining'], String(2 - i));
    }
    assertThrottled(await ctx.as(company).get('/v2/data'), 3);
    assertThrottled(await ctx.as(company).get('/v2/data?limit=1'), 3);
    // Each route has its own counter; each key too.
    assert.equal((await ctx.as(company).get('/v1/data/requests')).statusCode, 200);
    assert.equal((await ctx.as(company, { key: 'test' }).get('/v2/data')).statusCode, 200);
    const other = await createCompany(ctx.services);
    assert.equal((await ctx.as(other).get('/v2/data')).statusCode, 200);
  });

  it('limits every data-return route', async () => {
    const company = await createCompany(ctx.services);
    for (const url of ROUTES) {
      for (let i = 0; i < 3; i++) assert.equal((await ctx.as(company).get(url)).statusCode, 200, url);
      assertThrottled(await ctx.as(company).get(url), 3);
    }
  });

  it('counts HEAD and GET of a route against one limit', async () => {
    const company = await createCompany(ctx.services);
    for (const url of ROUTES) {
      assert.equal((await ctx.as(company).get(url)).statusCode, 200, url);
      assert.equal((await ctx.as(company).head(url)).statusCode, 200, url);
      assert.equal((await ctx.as(company).get(url)).statusCode, 200, url);
      assertThrottled(await ctx.as(company).head(url), 3);
      assertThrottled(await ctx.as(company).get(url), 3);
    }
  });

  it('does not limit the request API', async () => {
    const company = await createCompany(ctx.services);
    for (let i = 0; i < 5; i++) {
      const response = await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': company.api_key, 'content-type': 'application/json' }, payload: '{}' });
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['ratelimit-limit'], undefined);
    }
  });

  it('defaults to 100 per minute', () => {
    assert.equal(loadConfig({}).rateLimitPerMinute, 100);
  });
});

describe('data-return rate limit, shared through Redis', () => {
  let ctx: TestContext;
  let redis: Redis;
  before(async () => {
    ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '4', REDIS_URL });
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    redis.disconnect();
    await ctx.close();
  });

  it('counts requests of several server processes against one limit, keyed by a hash of the key', async () => {
    const second = await buildApp(loadConfig(ctx.env as Record<string, string>), ctx.services);
    await second.ready();
    try {
      const company = await createCompany(ctx.services);
      const viaSecond = () => actingOn(second)(company).get('/v2/data');
      assert.equal((await ctx.as(company).get('/v2/data')).statusCode, 200);
      assert.equal((await viaSecond()).statusCode, 200);
      assert.equal((await ctx.as(company).get('/v2/data')).statusCode, 200);
      const fourth = await viaSecond();
      assert.equal(fourth.statusCode, 200);
      assert.equal(fourth.headers['ratelimit-remaining'], '0');
      assertThrottled(await viaSecond(), 4);
      assertThrottled(await ctx.as(company).get('/v2/data'), 4);

      // HEAD shares the GET's counter, wherever it is served.
      assertThrottled(await ctx.as(company).head('/v2/data'), 4);

      const keys = await redis.keys('agent-connect:rate-limit:*');
      assert.ok(keys.some((key) => key.includes(sha256Hex(company.api_key)) && key.includes('/v2/data')), keys.join(', '));
      assert.ok(keys.every((key) => !key.includes(company.api_key)), 'the raw API key must never reach Redis');
    } finally {
      await second.close();
    }
  });

  it('lets requests through when Redis is unreachable', async () => {
    const down = await createTestContext({ RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: `redis://127.0.0.1:1/${randomBytes(1)[0] % 8}` });
    try {
      const company = await createCompany(down.services);
      const response = await down.as(company).get('/v2/data');
      assert.equal(response.statusCode, 200, response.body);
    } finally {
      await down.close();
    }
  });
});
