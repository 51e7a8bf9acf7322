import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createTestContext } from './helpers/test-app.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, path.resolve('data'));
    assert.equal(config.databaseUrl, `sqlite:${path.resolve('data', 'agent-connect.db')}`);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.equal(config.demo, true);
    assert.equal(config.jwtMaxAgeSeconds, 86_400);
    assert.equal(config.rateLimitPerMinute, 100);
    assert.equal(config.redisUrl, null);
  });

  it('limits slow and numerous connections by default, as configured', () => {
    assert.deepEqual(loadConfig({}).connections, {
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      idleTimeoutMs: 120_000,
      maxConnections: 10_000,
      maxConnectionsPerAddress: 256,
    });
    const env = {
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      HTTP_IDLE_TIMEOUT_MS: '90000',
      HTTP_MAX_CONNECTIONS: '2000',
      HTTP_MAX_CONNECTIONS_PER_ADDRESS: '0',
    };
    assert.deepEqual(loadConfig(env).connections, {
      headersTimeoutMs: 5000,
      requestTimeoutMs: 20_000,
      keepAliveTimeoutMs: 65_000,
      idleTimeoutMs: 90_000,
      maxConnections: 2000,
      maxConnectionsPerAddress: 0,
    });
  });

  it('reads API_BASE_DOMAIN lower-cased and without trailing dots', () => {
    assert.equal(loadConfig({ API_BASE_DOMAIN: 'API.Example.COM.' }).apiBaseDomain, 'api.example.com');
  });

  it('follows PORT and DATA_DIR in derived defaults', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/srv/ac' });
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.databaseUrl, 'sqlite:/srv/ac/agent-connect.db');
  });

  it('names the variable that is wrong', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ DEMO: 'maybe' }, 'DEMO'],
      [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
      [{ JWT_MAX_AGE: '-1' }, 'JWT_MAX_AGE'],
      [{ API_BASE_DOMAIN: 'bad domain' }, 'API_BASE_DOMAIN'],
      [{ HTTP_HEADERS_TIMEOUT_MS: 'soon' }, 'HTTP_HEADERS_TIMEOUT_MS'],
      [{ HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '30000' }, 'HTTP_HEADERS_TIMEOUT_MS'],
      [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS'],
      [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: '-5' }, 'HTTP_KEEP_ALIVE_TIMEOUT_MS'],
      [{ HTTP_IDLE_TIMEOUT_MS: '1.5' }, 'HTTP_IDLE_TIMEOUT_MS'],
      [{ HTTP_MAX_CONNECTIONS: '0' }, 'HTTP_MAX_CONNECTIONS'],
      [{ HTTP_MAX_CONNECTIONS_PER_ADDRESS: 'many' }, 'HTTP_MAX_CONNECTIONS_PER_ADDRESS'],
    ];
    for (const [env, name] of cases) {
      assert.throws(() => loadConfig(env), (error: Error) => error instanceof ConfigError && error.message.includes(name), name);
    }
  });
});

describe('webhook settings', () => {
  it('defaults to a 5 s webhook timeout and 20 endpoints per company, and validates both', () => {
    const defaults = loadConfig({});
    assert.equal(defaults.webhookTimeoutMs, 5000);
    assert.equal(defaults.webhookMaxEndpoints, 20);
    const set = loadConfig({ WEBHOOK_TIMEOUT_MS: '1500', WEBHOOK_MAX_ENDPOINTS: '3' });
    assert.equal(set.webhookTimeoutMs, 1500);
    assert.equal(set.webhookMaxEndpoints, 3);
    for (const env of [{ WEBHOOK_TIMEOUT_MS: '5s' }, { WEBHOOK_TIMEOUT_MS: '0' }, { WEBHOOK_MAX_ENDPOINTS: '0' }, { WEBHOOK_MAX_ENDPOINTS: 'many' }]) {
      const name = Object.keys(env)[0];
      assert.throws(() => loadConfig(env), (error: Error) => error instanceof ConfigError && error.message.includes(name), name);
    }
  });

  it('ends web app sessions after 12 idle hours and 30 days by default, as configured', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.sessionIdleTimeoutMinutes, defaults.sessionMaxAgeHours], [720, 720]);
    const set = loadConfig({ SESSION_IDLE_TIMEOUT_MINUTES: '30', SESSION_MAX_AGE_HOURS: '8' });
    assert.deepEqual([set.sessionIdleTimeoutMinutes, set.sessionMaxAgeHours], [30, 8]);
    for (const env of [{ SESSION_IDLE_TIMEOUT_MINUTES: '0' }, { SESSION_IDLE_TIMEOUT_MINUTES: '1h' }, { SESSION_MAX_AGE_HOURS: '0' }, { SESSION_MAX_AGE_HOURS: '-1' }]) {
      const name = Object.keys(env)[0];
      assert.throws(() => loadConfig(env), (error: Error) => error instanceof ConfigError && error.message.includes(name), name);
    }
  });
});

describe('health', () => {
  it('GET /healthz and /readyz answer 200', async () => {
    const ctx = await createTestContext();
    try {
      assert.deepEqual((await ctx.app.inject('/healthz')).json(), { status: 'ok' });
      const ready = await ctx.app.inject('/readyz');
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
      await ctx.db.close();
      const down = await ctx.app.inject('/readyz');
      assert.equal(down.statusCode, 503);
    } finally {
      await ctx.app.close();
      await ctx.database.drop();
    }
  });

  it('unknown routes get a JSON 404', async () => {
    const ctx = await createTestContext();
    try {
      const response = await ctx.app.inject('/nope');
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error, 'Not Found');
    } finally {
      await ctx.close();
    }
  });
});
