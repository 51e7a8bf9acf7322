import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_TTL_MS, IdempotencyRepository } from '../src/modules/requests/idempotency.ts';
import { companyWithEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const MINUTE = 60_000;
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

/** A fresh company with one employee, and what the boundary tests do with its Idempotency-Keys. */
async function keysOfNewCompany() {
  const { company, employeeEmail } = await companyWithEmployee(ctx.services);
  const send = (email: string, key: string) =>
    ctx.as(company).post('/v1/requests', { customer: { email }, employee: { email: employeeEmail }, channel: 'chat' }, { headers: { 'idempotency-key': key } });
  const stored = ctx.db.kysely.selectFrom('idempotency_keys').where('company_id', '=', company.id);
  return {
    send,
    async post(email: string, key: string): Promise<string> {
      const response = await send(email, key);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().request_id;
    },
    /** Makes the key look as if it was first used `ageMs` ago. */
    async age(key: string, ageMs: number): Promise<void> {
      const result = await ctx.db.kysely.updateTable('idempotency_keys').set({ created_at: Date.now() - ageMs }).where('company_id', '=', company.id).where('idempotency_key', '=', key).executeTakeFirst();
      assert.equal(Number(result.numUpdatedRows), 1);
    },
    async exists(key: string): Promise<boolean> {
      return (await stored.select('idempotency_key').where('idempotency_key', '=', key).executeTakeFirst()) !== undefined;
    },
  };
}

describe('Idempotency-Key expiry boundaries', () => {
  it('replays a key first used 24 h minus 1 minute ago and forgets one used 24 h plus 1 minute ago', async () => {
    const { post, age } = await keysOfNewCompany();
    const inside = await post('inside@example.com', 'ttl-inside');
    await age('ttl-inside', IDEMPOTENCY_TTL_MS - MINUTE);
    assert.equal(await post('inside@example.com', 'ttl-inside'), inside, 'still remembered: the same request_id');

    const outside = await post('outside@example.com', 'ttl-outside');
    await age('ttl-outside', IDEMPOTENCY_TTL_MS + MINUTE);
    const again = await post('outside@example.com', 'ttl-outside');
    assert.notEqual(again, outside, 'forgotten: a new request');
    assert.equal(await post('outside@example.com', 'ttl-outside'), again, 'the reused key is remembered afresh');
  });

  it('a live key still refuses a different body just inside 24 h; just outside it takes the new body', async () => {
    const { post, age, send } = await keysOfNewCompany();
    await post('first@example.com', 'ttl-body-inside');
    await age('ttl-body-inside', IDEMPOTENCY_TTL_MS - MINUTE);
    const refused = await send('other@example.com', 'ttl-body-inside');
    assert.equal(refused.statusCode, 422, refused.body);

    await post('first@example.com', 'ttl-body-outside');
    await age('ttl-body-outside', IDEMPOTENCY_TTL_MS + MINUTE);
    await post('other@example.com', 'ttl-body-outside');
  });

  it('the hourly purge deletes a key 24 h plus 1 minute old and keeps one 24 h minus 1 minute old', async () => {
    const { post, age, exists } = await keysOfNewCompany();
    await post('purge-inside@example.com', 'purge-inside');
    await post('purge-outside@example.com', 'purge-outside');
    await age('purge-inside', IDEMPOTENCY_TTL_MS - MINUTE);
    await age('purge-outside', IDEMPOTENCY_TTL_MS + MINUTE);
    await new IdempotencyRepository(ctx.db.kysely).purgeExpired();
    assert.equal(await exists('purge-inside'), true);
    assert.equal(await exists('purge-outside'), false);
  });
});
