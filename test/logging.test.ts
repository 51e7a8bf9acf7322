import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
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

// That logs never contain credentials is tested by the security suite (test/security/logs.test.ts and every file there).
describe('request ids', () => {
  it('echoes X-Request-Id, generating one when the caller sends none', async () => {
    const generated = await ctx.app.inject('/healthz');
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const given = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    assert.equal(given.headers['x-request-id'], 'trace-123');
    assert.ok(logs.includes('"reqId":"trace-123"'));
  });
});
