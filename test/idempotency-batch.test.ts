import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { companyWithEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let company: CompanyCredentials;
let employeeEmail: string;
before(async () => {
  ctx = await createTestContext();
  ({ company, employeeEmail } = await companyWithEmployee(ctx.services));
});
after(() => ctx.close());

const body = (email = 'c@example.com') => ({ customer: { email }, employee: { email: employeeEmail }, channel: 'chat' });

function post(url: string, payload: unknown, headers: Record<string, string> = {}, key: 'production' | 'test' = 'production') {
  return ctx.as(company, { key }).post(url, payload, { headers });
}

async function count(table: 'interactions' | 'outbox') {
  const row = await ctx.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('Idempotency-Key', () => {
  it('returns the original request_id for a retry with the same body and stores nothing more', async () => {
    const first = await post('/v1/requests', body('retry@example.com'), { 'idempotency-key': 'crm-ticket-1' });
    assert.equal(first.statusCode, 200, first.body);
    const [interactions, outbox] = [await count('interactions'), await count('outbox')];
    // Same body with keys in another order is the same request.
    const retry = await post('/v1/requests', { channel: 'chat', employee: { email: employeeEmail }, customer: { email: 'retry@example.com' } }, { 'idempotency-key': 'crm-ticket-1' });
    assert.equal(retry.statusCode, 200);
    assert.equal(retry.json().request_id, first.json().request_id);
    assert.equal(await count('interactions'), interactions);
    assert.equal(await count('outbox'), outbox, 'no second survey email is queued');
  });

  it('answers 422 when the key is reused with a different body; the test key has keys of its own', async () => {
    const first = await post('/v1/requests', body('a@example.com'), { 'idempotency-key': 'crm-ticket-2' });
    const changed = await post('/v1/requests', body('b@example.com'), { 'idempotency-key': 'crm-ticket-2' });
    assert.equal(changed.statusCode, 422);
    assert.match(changed.json().message, /Idempotency-Key was already used with a different request/);
    // Test traffic never answers or blocks a production retry, nor the other way round.
    const testKey = await post('/v1/requests', body('b@example.com'), { 'idempotency-key': 'crm-ticket-2' }, 'test');
    assert.equal(testKey.statusCode, 200, testKey.body);
    assert.notEqual(testKey.json().request_id, first.json().request_id);
    const testRetry = await post('/v1/requests', body('b@example.com'), { 'idempotency-key': 'crm-ticket-2' }, 'test');
    assert.equal(testRetry.json().request_id, testKey.json().request_id);
    const productionRetry = await post('/v1/requests', body('a@example.com'), { 'idempotency-key': 'crm-ticket-2' });
    assert.equal(productionRetry.json().request_id, first.json().request_id);
  });

  it('stores one request when concurrent retries race with the same key', async () => {
    const before = await count('interactions');
    const responses = await Promise.all(Array.from({ length: 8 }, () => post('/v1/requests', body('race@example.com'), { 'idempotency-key': 'crm-race' })));
    assert.ok(responses.every((r) => r.statusCode === 200), responses.map((r) => r.body).join('\n'));
    assert.equal(new Set(responses.map((r) => r.json().request_id)).size, 1);
    assert.equal(await count('interactions'), before + 1);
  });

  it('works for recoveries, and forgets keys after 24 hours', async () => {
    const initial = await post('/v1/requests', body());
    const recovery = { initial_feedback_request_id: initial.json().request_id };
    const a = await post('/v1/recoveries', recovery, { 'idempotency-key': 'recovery-1' });
    const b = await post('/v1/recoveries', recovery, { 'idempotency-key': 'recovery-1' });
    assert.equal(a.json().request_id, b.json().request_id);
    await ctx.db.kysely.updateTable('idempotency_keys').set({ created_at: Date.now() - 25 * 3_600_000 }).where('idempotency_key', '=', 'recovery-1').execute();
    const c = await post('/v1/recoveries', recovery, { 'idempotency-key': 'recovery-1' });
    assert.equal(c.statusCode, 200);
    assert.notEqual(c.json().request_id, a.json().request_id);
  });

  it('refuses a malformed key', async () => {
    const response = await post('/v1/requests', body(), { 'idempotency-key': 'x'.repeat(300) });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().validation_errors, ['Idempotency-Key must be 1 to 255 visible ASCII characters']);
  });
});

describe('POST /v1/requests/batch', () => {
  it('stores each valid request and explains each invalid one, in input order', async () => {
    const before = await count('interactions');
    const response = await post('/v1/requests/batch', {
      requests: [body('one@example.com'), { ...body('two@example.com'), channel: 'fax' }, 'not an object', { customer: {} }, body('five@example.com')],
    });
    assert.equal(response.statusCode, 200, response.body);
    const { results } = response.json();
    assert.equal(results.length, 5);
    assert.match(results[0].request_id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(results[1], { validation_errors: ['channel must be one of: phone, chat, email'] });
    assert.deepEqual(results[2], { validation_errors: ['request must be a JSON object'] });
    assert.deepEqual(results[3].validation_errors.sort(), ['channel is required', 'customer.email is required', 'employee is required'].sort());
    assert.match(results[4].request_id, /^[0-9a-f-]{36}$/);
    assert.equal(await count('interactions'), before + 2);
  });

  it('takes up to 1,000 requests and refuses more', async () => {
    const full = await post('/v1/requests/batch', { requests: Array.from({ length: 1000 }, (_, i) => body(`bulk${i}@example.com`)) });
    assert.equal(full.statusCode, 200);
    assert.equal(full.json().results.filter((r: { request_id?: string }) => r.request_id).length, 1000);
    const tooMany = await post('/v1/requests/batch', { requests: Array.from({ length: 1001 }, () => body()) });
    assert.equal(tooMany.statusCode, 400);
    assert.deepEqual(tooMany.json().validation_errors, ['requests must have at most 1000 items']);
    const empty = await post('/v1/requests/batch', { requests: [] });
    assert.equal(empty.statusCode, 400);
  });
});
