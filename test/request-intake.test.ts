import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany, createEmployee, seedRequestBody } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// On SQLite, POST /v1/requests bodies are read and checked on the writer thread, against the
// company object the event loop sent it: a changed company must reach it before the next request.
// (Its employee cache: test/employee-lookup.test.ts.)
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
  await ctx.services.start();
});
after(async () => {
  await ctx.services.close();
  await ctx.close();
});

describe('the request intake sees company changes at once', () => {
  it('applies changed company settings to the very next request', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancakids'] });
    const employee = await createEmployee(ctx.services, company.id, { email: 'kim@blancapeak.com', customId: 'kim-1' });
    const post = async (customer: string) => {
      const response = await ctx.as(company).post('/v1/requests', seedRequestBody({ email: employee.email, custom_id: employee.custom_id }, { do_not_send: false, customer: { email: customer } }));
      assert.equal(response.statusCode, 200, response.body);
      const row = await ctx.services.db.kysely
        .selectFrom('outbox')
        .innerJoin('interactions', 'interactions.id', 'outbox.interaction_id')
        .select(['outbox.available_at', 'outbox.created_at'])
        .where('interactions.uuid', '=', response.json().request_id)
        .executeTakeFirstOrThrow();
      return Number(row.available_at) - Number(row.created_at);
    };
    assert.equal(await post('ana@example.com'), 0, 'no send delay by default');

    await ctx.services.companies.setSettings(company.subdomain, ['send_delay_minutes=45']);
    assert.equal(await post('bo@example.com'), 45 * 60_000);
  });
});
