import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InteractionWriter, PendingInteraction } from '../src/modules/interactions/interaction-types.ts';
import { createInteractionWriter } from '../src/modules/requests/interaction-writer.ts';
import type { BatchObserver } from '../src/lib/telemetry.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let writer: InteractionWriter;
const batches: number[] = [];
const observer: BatchObserver = { batch: (size) => void batches.push(size), watchQueue: () => {} };

before(async () => {
  ctx = await createTestContext();
  // The writer the server uses: on a SQLite file, the group commit on its own thread.
  writer = createInteractionWriter(ctx.db, ctx.config.databaseUrl, observer);
  await writer.start();
});
after(async () => {
  await writer.close();
  await ctx.close();
});

async function pendingFor(): Promise<(overrides?: Partial<PendingInteraction>) => PendingInteraction> {
  const company = await createCompany(ctx.services);
  const employee = await createEmployee(ctx.services, company.id);
  const brand = await ctx.db.kysely.selectFrom('brands').select('id').where('company_id', '=', company.id).executeTakeFirstOrThrow();
  return (overrides = {}) => {
    const now = Date.now();
    return {
      uuid: uuidv7(), company_id: company.id, is_test: 0, is_recovery: 0, parent_id: null, brand_id: brand.id, channel: 'email',
      employee_id: employee.id, team_leader_id: null, customer_email: 'simone@example.com', customer_name: 'Simone', customer_custom_id: null,
      country: null, language: 'en', tags: '[]', custom_properties: null, ext_interaction_id: null, external_url: null, do_not_send: 1,
      requested_via: 'API', delivery_status: 'Do Not Send', sent_at: null, response_received_at: null, reward_name: null,
      created_at: now, updated_at: now, outbox: null, idempotency: null, events: [], ...overrides,
    };
  };
}

describe('the interaction writer (group commit)', () => {
  it('writes concurrent inserts together, each answered with its own id and sequence id', async () => {
    const pending = await pendingFor();
    const before = batches.length;
    const items = Array.from({ length: 40 }, () => pending());
    const stored = await Promise.all(items.map((item) => writer.insert(item)));
    assert.deepEqual(stored.map((s) => s.uuid), items.map((item) => item.uuid));
    const rows = await ctx.db.kysely.selectFrom('interactions').select(['id', 'uuid', 'sequence_id']).where('uuid', 'in', items.map((i) => i.uuid)).execute();
    assert.deepEqual(
      stored.map((s) => [s.id, s.sequence_id]),
      items.map((item) => rows.find((row) => row.uuid === item.uuid)).map((row) => [Number(row!.id), Number(row!.sequence_id)]),
    );
    const sequenceIds = stored.map((s) => s.sequence_id);
    assert.deepEqual([...sequenceIds].sort((a, b) => a - b), sequenceIds, 'sequence ids follow the order of arrival');
    assert.ok(batches.length - before < 40, `${batches.length - before} transactions for 40 concurrent inserts`);
  });

  it('fails only the insert that cannot be stored, not the others of its batch', async () => {
    const pending = await pendingFor();
    const good = Array.from({ length: 5 }, () => pending());
    // A brand that does not exist: the foreign key refuses this row, and with it the first attempt at the batch.
    const bad = pending({ brand_id: 987_654_321 });
    const results = await Promise.allSettled([...good.slice(0, 2), bad, ...good.slice(2)].map((item) => writer.insert(item)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const stored = await ctx.db.kysely.selectFrom('interactions').select('uuid').where('uuid', 'in', [...good, bad].map((i) => i.uuid)).execute();
    assert.deepEqual(new Set(stored.map((row) => row.uuid)), new Set(good.map((i) => i.uuid)));
  });

  it('starts again after its thread stopped', async () => {
    const pending = await pendingFor();
    await writer.close();
    const stored = await writer.insert(pending());
    assert.ok(stored.id > 0 && stored.sequence_id > 0);
  });
});
