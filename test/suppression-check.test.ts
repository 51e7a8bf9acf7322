import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql, type KyselyPlugin } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import type { PendingInteraction } from '../src/modules/interactions/interaction-types.ts';
import { applyDeliveryGate } from '../src/modules/interactions/delivery-gate.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { interaction, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const DAY = 86_400_000;
/** Enough stored interactions that a plan reading them all is never the cheap one. */
const HISTORY = 15_000;

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
  // No autovacuum ANALYZE behind the test's back: the first plans are read without statistics.
  if (ctx.db.dialect === 'postgres') await sql`ALTER TABLE interactions SET (autovacuum_enabled = false)`.execute(ctx.db.kysely);
});
after(() => ctx.close());

interface Stored {
  companyId: number;
  brandId: number;
  employeeId: number;
  email: string;
  createdAt?: number;
  status?: string;
  isTest?: boolean;
}

/** Interactions as earlier requests left them (no outbox work, so the gate does not look at them). */
async function store(rows: Stored[]): Promise<void> {
  const pending = rows.map((row): PendingInteraction => {
    const createdAt = row.createdAt ?? Date.now();
    return {
      uuid: uuidv7(createdAt), company_id: row.companyId, is_test: row.isTest ? 1 : 0, is_recovery: 0, parent_id: null, brand_id: row.brandId,
      channel: 'chat', employee_id: row.employeeId, team_leader_id: null, customer_email: row.email, customer_name: null,
      customer_custom_id: null, country: null, language: 'en', tags: '[]', custom_properties: null, ext_interaction_id: null, external_url: null,
      do_not_send: 0, requested_via: 'API', delivery_status: row.status ?? 'Sent', sent_at: null, response_received_at: null, reward_name: null,
      created_at: createdAt, updated_at: createdAt, outbox: null, idempotency: null, events: [],
    };
  });
  for (let i = 0; i < pending.length; i += 500) await ctx.services.interactions.insertBatch(pending.slice(i, i + 500));
}

/** A new emailed request as the intake builds it, for the gate to decide. */
function emailed(companyId: number, brandId: number, email: string): PendingInteraction {
  const now = Date.now();
  const outbox = { kind: 'survey_email', payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null };
  return { company_id: companyId, brand_id: brandId, customer_email: email, is_test: 0, is_recovery: 0, delivery_status: 'Pending', outbox } as PendingInteraction;
}

/** Runs the gate on `pending` in a transaction that is rolled back; returns the statements it ran. */
async function gateStatements(db: Db, pending: PendingInteraction[]): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  const capture: KyselyPlugin = {
    transformQuery: (args) => (statements.push(db.kysely.getExecutor().compileQuery(args.node, args.queryId)), args.node),
    transformResult: async (args) => args.result,
  };
  const rollback = new Error('rollback');
  await db.kysely
    .transaction()
    .execute(async (trx) => {
      await applyDeliveryGate(trx.withPlugin(capture), pending);
      throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
  return statements;
}

/** How the database would run `statement`: the tables and indexes each step reads. */
async function planSteps(db: Db, statement: CompiledQuery): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    const plan = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, [...statement.parameters]));
    return plan.rows.map((row) => row.detail);
  }
  const plan = await db.kysely.executeQuery<{ 'QUERY PLAN': { Plan: PgPlanNode }[] }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters]));
  const steps: string[] = [];
  const walk = (node: PgPlanNode) => {
    steps.push([node['Node Type'], node['Relation Name'], node['Index Name'] && `USING INDEX ${node['Index Name']}`].filter(Boolean).join(' '));
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan.rows[0]['QUERY PLAN'][0].Plan);
  return steps;
}

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PgPlanNode[];
}

/** Forgets the planner statistics of interactions (as on a database a server opened while it was empty). */
async function withoutStatistics(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') {
    const stat = await sql`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'`.execute(db.kysely);
    if (stat.rows.length > 0) await sql`DELETE FROM sqlite_stat1 WHERE tbl = 'interactions'`.execute(db.kysely);
    await sql`ANALYZE sqlite_schema`.execute(db.kysely);
    return;
  }
  const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'interactions'`.execute(db.kysely);
  assert.equal(rows[0].count, 0, 'PostgreSQL has not analysed interactions yet');
}

describe('suppression check', () => {
  it('seeks each customer on interactions_suppression, with and without planner statistics', async () => {
    const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] });
    const employee = await createEmployee(ctx.services, company.id);
    const brands = (await ctx.db.kysely.selectFrom('brands').select('id').where('company_id', '=', company.id).orderBy('id').execute()).map((b) => Number(b.id));
    await store(
      Array.from({ length: HISTORY }, (_, i) => ({
        companyId: company.id, brandId: brands[i % 2], employeeId: employee.id, email: `customer${i}@example.com`, createdAt: Date.now() - (i % 10) * DAY,
      })),
    );
    const batch = [
      ...Array.from({ length: 20 }, (_, i) => emailed(company.id, brands[0], `new${i}@example.net`)),
      emailed(company.id, brands[0], 'Customer0@Example.com'),
      emailed(company.id, brands[1], 'customer1@example.com'),
      emailed(company.id, brands[0], 'customer1@example.com'),
    ];
    for (const statistics of ['none', 'analysed'] as const) {
      if (statistics === 'none') await withoutStatistics(ctx.db);
      else await sql`ANALYZE interactions`.execute(ctx.db.kysely);
      const pending = batch.map((item) => ({ ...item }));
      const statements = await gateStatements(ctx.db, pending);
      assert.deepEqual(
        pending.map((item) => item.delivery_status),
        [...Array(20).fill('Pending'), 'Suppressed', 'Suppressed', 'Pending'],
        'the customers surveyed for that brand in the period are suppressed',
      );
      const reads = statements.filter((statement) => /\bfrom "interactions"/.test(statement.sql));
      assert.ok(reads.length > 0, 'the gate reads interactions');
      for (const statement of reads) {
        const steps = (await planSteps(ctx.db, statement)).filter((step) => /\binteractions\b/.test(step));
        assert.ok(steps.length > 0, `a step reads interactions: ${statement.sql}`);
        for (const step of steps) {
          assert.match(step, /USING INDEX interactions_suppression\b/, `statistics ${statistics}: ${step}\n${statement.sql}`);
          if (ctx.db.dialect === 'sqlite') assert.match(step, /\(company_id=\? AND <expr>=\? AND brand_id=\? AND is_test=\? AND created_at>\?\)/, step);
        }
      }
    }
  });
});

describe('suppression behaviour', () => {
  it('counts only production surveys of this company, brand and customer, sent or pending, within the period', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const other = await surveyCompany(ctx);
    const brandId = async (companyId: number, name: string) =>
      Number((await ctx.db.kysely.selectFrom('brands').select('id').where('company_id', '=', companyId).where('name', '=', name).executeTakeFirstOrThrow()).id);
    const peak = await brandId(company.id, 'blancapeak');
    const kids = await brandId(company.id, 'blancakids');
    const history = (email: string, extra: Partial<Stored>): Stored => ({ companyId: company.id, brandId: peak, employeeId: agent.id, email, ...extra });
    await store([
      history('six-days@example.com', { createdAt: Date.now() - 6 * DAY }),
      history('eight-days@example.com', { createdAt: Date.now() - 8 * DAY }),
      history('pending@example.com', { status: 'Pending' }),
      history('failed@example.com', { status: 'Failed' }),
      history('bounced@example.com', { status: 'Bounced' }),
      history('do-not-send@example.com', { status: 'Do Not Send' }),
      history('suppressed@example.com', { status: 'Suppressed' }),
      history('unsubscribed-status@example.com', { status: 'Unsubscribed' }),
      history('test-key@example.com', { isTest: true }),
      history('other-brand@example.com', { brandId: kids }),
      { companyId: other.company.id, brandId: await brandId(other.company.id, 'blancapeak'), employeeId: other.agent.id, email: 'other-company@example.com' },
    ]);
    const expected: Record<string, string> = {
      'six-days@example.com': 'Suppressed',
      'SIX-DAYS@EXAMPLE.COM': 'Suppressed',
      'pending@example.com': 'Suppressed',
      'eight-days@example.com': 'Pending',
      'failed@example.com': 'Pending',
      'bounced@example.com': 'Pending',
      'do-not-send@example.com': 'Pending',
      'suppressed@example.com': 'Pending',
      'unsubscribed-status@example.com': 'Pending',
      'test-key@example.com': 'Pending',
      'other-brand@example.com': 'Pending',
      'other-company@example.com': 'Pending',
    };
    for (const [email, status] of Object.entries(expected)) {
      const uuid = await postRequest(ctx, company.api_key, requestBody(agent, { customer: { name: 'Simone', email } }));
      assert.equal((await interaction(ctx, uuid)).delivery_status, status, email);
    }

    const fresh = requestBody(agent);
    const testKey = await postRequest(ctx, company.test_api_key, fresh);
    const testKeyAgain = await postRequest(ctx, company.test_api_key, fresh);
    assert.deepEqual([(await interaction(ctx, testKey)).delivery_status, (await interaction(ctx, testKeyAgain)).delivery_status], ['Pending', 'Pending'], 'test-key requests are exempt');
    const first = await postRequest(ctx, company.api_key, fresh);
    assert.equal((await interaction(ctx, first)).delivery_status, 'Pending', 'test-key surveys do not count');
    const recovery = await postRequest(ctx, company.api_key, { initial_feedback_request_id: first }, '/v1/recoveries');
    assert.equal((await interaction(ctx, recovery)).delivery_status, 'Pending', 'recoveries are exempt');
  });

  it('suppresses all but one of several requests to one customer in one batch', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const body = requestBody(agent);
    const response = await ctx.as(company).post('/v1/requests/batch', { requests: [body, body, { ...body, brand: 'blancakids' }, body] });
    assert.equal(response.statusCode, 200, response.body);
    const ids = (response.json().results as { request_id: string }[]).map((result) => result.request_id);
    const statuses = await Promise.all(ids.map(async (id) => (await interaction(ctx, id)).delivery_status));
    assert.equal(statuses[2], 'Pending', 'the other brand');
    assert.deepEqual([statuses[0], statuses[1], statuses[3]].sort(), ['Pending', 'Suppressed', 'Suppressed']);
  });
});
