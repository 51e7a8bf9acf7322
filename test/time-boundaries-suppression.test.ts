import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uuidv7 } from '../src/lib/uuid.ts';
import type { PendingInteraction } from '../src/modules/interactions/interaction-types.ts';
import { applyDeliveryGate, DELIVERY_SUPPRESSED } from '../src/modules/interactions/delivery-gate.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
const DAYS = 7;

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

/** A production survey sent to `email` at `createdAt`, as an earlier request left it. */
function sent(companyId: number, brandId: number, employeeId: number, email: string, createdAt: number): PendingInteraction {
  return {
    uuid: uuidv7(createdAt), company_id: companyId, is_test: 0, is_recovery: 0, parent_id: null, brand_id: brandId,
    channel: 'chat', employee_id: employeeId, team_leader_id: null, customer_email: email, customer_name: null,
    customer_custom_id: null, country: null, language: 'en', tags: '[]', custom_properties: null, ext_interaction_id: null, external_url: null,
    do_not_send: 0, requested_via: 'API', delivery_status: 'Sent', sent_at: createdAt, response_received_at: null, reward_name: null,
    created_at: createdAt, updated_at: createdAt, outbox: null, idempotency: null, events: [],
  };
}

/** A new emailed request as the intake builds it, for the gate to decide. */
function emailed(companyId: number, brandId: number, email: string): PendingInteraction {
  const now = Date.now();
  const outbox = { kind: 'survey_email', payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null };
  return { company_id: companyId, brand_id: brandId, customer_email: email, is_test: 0, is_recovery: 0, delivery_status: 'Pending', outbox } as PendingInteraction;
}

/** Runs the gate in a transaction that is rolled back, and returns the decided requests. */
async function gate(pending: PendingInteraction[]): Promise<PendingInteraction[]> {
  const rollback = new Error('rollback');
  await ctx.db.kysely
    .transaction()
    .execute(async (trx) => {
      await applyDeliveryGate(trx, pending);
      throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
  return pending;
}

describe('suppression window boundaries', () => {
  it(`suppresses a customer surveyed ${DAYS} days minus 1 minute ago and not one surveyed ${DAYS} days plus 1 minute ago`, async () => {
    const company = await createCompany(ctx.services);
    await ctx.services.companies.setSettings(company.subdomain, [`suppression_days=${DAYS}`]);
    const employee = await createEmployee(ctx.services, company.id);
    const brandId = Number((await ctx.db.kysely.selectFrom('brands').select('id').where('company_id', '=', company.id).executeTakeFirstOrThrow()).id);
    const now = Date.now();
    await ctx.services.interactions.insertBatch([
      sent(company.id, brandId, employee.id, 'inside@example.com', now - DAYS * DAY + MINUTE),
      sent(company.id, brandId, employee.id, 'outside@example.com', now - DAYS * DAY - MINUTE),
    ]);
    const [inside, outside] = await gate([emailed(company.id, brandId, 'inside@example.com'), emailed(company.id, brandId, 'outside@example.com')]);
    assert.equal(inside.delivery_status, DELIVERY_SUPPRESSED, 'surveyed just inside the window');
    assert.equal(inside.outbox, null, 'a suppressed request keeps no outbox row');
    assert.equal(outside.delivery_status, 'Pending', 'surveyed just outside the window');
    assert.notEqual(outside.outbox, null, 'an unsuppressed request keeps its outbox row');
  });

  it('moves with the setting: 1 day minus 1 minute ago suppressed, 1 day plus 1 minute ago not', async () => {
    const company = await createCompany(ctx.services);
    await ctx.services.companies.setSettings(company.subdomain, ['suppression_days=1']);
    const employee = await createEmployee(ctx.services, company.id);
    const brandId = Number((await ctx.db.kysely.selectFrom('brands').select('id').where('company_id', '=', company.id).executeTakeFirstOrThrow()).id);
    const now = Date.now();
    await ctx.services.interactions.insertBatch([
      sent(company.id, brandId, employee.id, 'inside@example.com', now - DAY + MINUTE),
      sent(company.id, brandId, employee.id, 'outside@example.com', now - DAY - MINUTE),
    ]);
    const [inside, outside] = await gate([emailed(company.id, brandId, 'inside@example.com'), emailed(company.id, brandId, 'outside@example.com')]);
    assert.equal(inside.delivery_status, DELIVERY_SUPPRESSED);
    assert.equal(outside.delivery_status, 'Pending');
  });
});
