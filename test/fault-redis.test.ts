import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { sha256Hex } from '../src/lib/secrets.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany } from './helpers/factories.ts';
import { metricValue } from './helpers/metrics.ts';
import { sleep } from './helpers/scale-out.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// The rate limits' Redis, a redis-server of this test's own, killed and started again.
const LIMIT = 5;

let port: number;
let redisServer: ChildProcess | null = null;
let ctx: TestContext;
let company: CompanyCredentials;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<void> {
  redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  redisServer.stdout!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 15_000;
  while (!/Ready to accept connections/.test(output)) {
    if (redisServer.exitCode !== null || Date.now() > deadline) assert.fail(`redis-server did not start:\n${output}`);
    await sleep(20);
  }
}

async function killRedis(): Promise<void> {
  const server = redisServer!;
  redisServer = null;
  server.kill('SIGKILL');
  if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
}

async function readiness(): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await ctx.app.inject({ url: '/readyz' });
  return { status: response.statusCode, body: response.json(), ms: performance.now() - started };
}

async function waitForReadiness(status: number): Promise<{ status: number; body: unknown; ms: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await readiness();
    if (answer.status === status || Date.now() > deadline) return answer;
    await sleep(100);
  }
}

/** `count` data-return calls one after another: their statuses and the median time. */
async function calls(count: number): Promise<{ statuses: number[]; medianMs: number }> {
  const statuses: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    statuses.push((await ctx.as(company).get('/v2/data')).statusCode);
    times.push(performance.now() - started);
  }
  return { statuses, medianMs: times.sort((a, b) => a - b)[Math.floor(count / 2)] };
}

async function counterInRedis(): Promise<number> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    await redis.connect();
    const keys = await redis.keys(`agent-connect:rate-limit:*${sha256Hex(company.api_key)}*`);
    return keys.length === 0 ? 0 : Number(await redis.get(keys[0]));
  } finally {
    redis.disconnect();
  }
}

before(async () => {
  port = await freePort();
  await startRedis();
  ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: String(LIMIT), REDIS_URL: `redis://127.0.0.1:${port}` });
  company = await createCompany(ctx.services);
});

after(async () => {
  await ctx?.close();
  if (redisServer) await killRedis();
});

describe('Redis (rate limits) going away and coming back', () => {
  it('reports it on /readyz and neither slows nor unlimits rate-limited requests meanwhile', async () => {
    assert.deepEqual((await waitForReadiness(200)).body, { status: 'ready' });
    assert.deepEqual((await calls(2)).statuses, [200, 200]);
    assert.equal(await counterInRedis(), 2, 'counted in Redis while it is up');

    await killRedis();
    const down = await waitForReadiness(503);
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { status: 'redis unreachable' });
    assert.ok(down.ms < 5_000, `/readyz took ${down.ms} ms with Redis down`);

    // Counted in this process's memory meanwhile: the limit still holds, and nothing waits for Redis.
    const outage = await calls(LIMIT + 3);
    assert.deepEqual(outage.statuses, [...Array(LIMIT).fill(200), 429, 429, 429]);
    // Before, each waited about a second for Redis; the margin is for a loaded machine.
    assert.ok(outage.medianMs < 500, `rate-limited requests took ${Math.round(outage.medianMs)} ms (median) with Redis down`);
    const metrics = await ctx.app.inject({ url: '/metrics' });
    assert.ok(metricValue(metrics.body, 'rate_limit_redis_fallbacks_total') >= LIMIT + 3, 'fallbacks counted in /metrics');

    await startRedis();
    assert.deepEqual((await waitForReadiness(200)).body, { status: 'ready' });
    // Back on Redis (empty after its restart): its counter, not the in-memory one, decides.
    assert.deepEqual((await calls(1)).statuses, [200]);
    assert.equal(await counterInRedis(), 1, 'counted in Redis again');
  });
});
