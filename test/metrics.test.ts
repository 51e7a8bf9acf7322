import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

describe('GET /metrics', () => {
  it('counts requests by route and status and reports the outbox', async () => {
    const company = await createCompany(ctx.services, { brands: ['solo'] });
    const employee = await createEmployee(ctx.services, company.id);
    // Distinct customers: a second survey to one customer within the suppression period sends nothing.
    const payload = (i: number) => ({ customer: { email: `c${i}@example.com` }, employee: { email: employee.email }, channel: 'chat' });
    for (let i = 0; i < 3; i++) await ctx.as(company).post('/v1/requests', payload(i));
    await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'x-api-key': 'wrong' }, payload: payload(9) });
    const response = await ctx.app.inject('/metrics');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /text\/plain/);
    const text = response.body;
    assert.match(text, /http_requests_total\{route="\/v1\/requests",method="POST",status="200"\} 3/);
    assert.match(text, /http_requests_total\{route="\/v1\/requests",method="POST",status="403"\} 1/);
    assert.match(text, /http_request_duration_seconds_count\{route="\/v1\/requests",method="POST",status="200"\} 3/);
    assert.match(text, /outbox_pending 3/);
    assert.match(text, /outbox_oldest_pending_age_seconds \d/);
    assert.match(text, /process_resident_memory_bytes \d+/);
  });
});
