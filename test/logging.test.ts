import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let logs = '';
before(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  ctx = await createTestContext({ LOG_LEVEL: 'trace' }, { logStream: stream });
});
after(() => ctx.close());

describe('logs', () => {
  it('are JSON lines that never contain API keys', async () => {
    const company = await createCompany(ctx.services);
    const employee = await createEmployee(ctx.services, company.id);
    const keys = [company.api_key, company.test_api_key, company.api_secret];
    for (const key of [company.api_key, company.test_api_key]) {
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/requests',
        headers: { 'x-api-key': key, authorization: `Bearer ${company.api_secret}` },
        payload: { customer: { email: 'c@example.com' }, employee: { email: employee.email }, channel: 'chat' },
      });
      await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': key }, payload: '{broken' });
    }
    await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': `${company.api_key}x` }, payload: {} });
    const lines = logs.trim().split('\n');
    assert.ok(lines.length >= 5, 'request logging is on at trace level');
    for (const line of lines) JSON.parse(line);
    for (const key of keys) assert.ok(!logs.includes(key), 'a credential reached the logs');
    assert.ok(!logs.includes(company.api_key.slice(8)), 'part of a key reached the logs');
  });
});

describe('request ids', () => {
  it('echoes X-Request-Id, generating one when the caller sends none', async () => {
    const generated = await ctx.app.inject('/healthz');
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const given = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    assert.equal(given.headers['x-request-id'], 'trace-123');
    assert.ok(logs.includes('"reqId":"trace-123"'));
  });
});
