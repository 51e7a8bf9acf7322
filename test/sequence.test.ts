import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { allocateSequenceIds } from '../src/db/sequence.ts';
import { createServices } from '../src/services.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let secondDb: Db;
let secondApp: App;
before(async () => {
  ctx = await createTestContext();
  // PostgreSQL: a second, independent pool, as a second process has. SQLite is served by one
  // process with one connection (a second in-process connection would block the event loop).
  secondDb = ctx.db.dialect === 'postgres' ? openDatabase(ctx.config.databaseUrl) : ctx.db;
  secondApp = await buildApp(ctx.config, createServices(ctx.config, secondDb));
  await secondApp.ready();
});
after(async () => {
  await secondApp.close();
  if (secondDb !== ctx.db) await secondDb.close();
  await ctx.close();
});

describe('sequence_id', () => {
  it('decodes as updated_at_ms * 10 + id % 10', async () => {
    const company = await createCompany(ctx.services);
    const before = Date.now();
    const [sequenceId] = await ctx.db.kysely.transaction().execute((trx) => allocateSequenceIds(trx, company.id, [1437]));
    assert.equal(sequenceId % 10, 7);
    const ms = Math.floor(sequenceId / 10);
    assert.ok(ms >= before && ms <= Date.now(), `${ms} not within the call`);
  });

  it('stays strictly increasing when the clock would give a smaller value', async () => {
    const company = await createCompany(ctx.services);
    const future = (Date.now() + 3_600_000) * 10;
    await ctx.db.kysely.updateTable('company_sequences').set({ last_value: future }).where('company_id', '=', company.id).execute();
    const ids = await ctx.db.kysely.transaction().execute((trx) => allocateSequenceIds(trx, company.id, [5, 6, 7]));
    assert.deepEqual(ids, [future + 1, future + 2, future + 3]);
  });

  it('is unique and follows commit order under concurrent inserts from two processes', async () => {
    const companies = await Promise.all([createCompany(ctx.services, { brands: ['b'] }), createCompany(ctx.services, { brands: ['b'] })]);
    const employees = await Promise.all(companies.map((c) => createEmployee(ctx.services, c.id)));
    const apps = [ctx.app, secondApp];
    const sends = Array.from({ length: 240 }, (_, i) => {
      const c = i % 2;
      return apps[Math.floor(i / 2) % 2].inject({
        method: 'POST',
        url: '/v1/requests',
        headers: { 'x-api-key': companies[c].api_key, 'content-type': 'application/json' },
        payload: { customer: { email: `c${i}@example.com` }, employee: { email: employees[c].email }, channel: 'chat' },
      });
    });
    const responses = await Promise.all(sends);
    assert.ok(responses.every((r) => r.statusCode === 200), responses.find((r) => r.statusCode !== 200)?.body);

    for (const company of companies) {
      const rows = await ctx.db.kysely
        .selectFrom('interactions')
        .select(['id', 'sequence_id'])
        .where('company_id', '=', company.id)
        .orderBy('id')
        .execute();
      assert.equal(rows.length, 120);
      for (let i = 1; i < rows.length; i++) {
        assert.ok(rows[i].sequence_id > rows[i - 1].sequence_id, `row ${rows[i].id} has ${rows[i].sequence_id} after ${rows[i - 1].sequence_id}`);
      }
    }
  });

  it('never hands out the same value to concurrent transactions', async () => {
    const company = await createCompany(ctx.services);
    const dbs = [ctx.db, secondDb];
    const allocations = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        dbs[i % 2].kysely.transaction().execute((trx) => allocateSequenceIds(trx, company.id, [i, i + 1, i + 2])),
      ),
    );
    const all = allocations.flat();
    assert.equal(new Set(all).size, all.length);
    for (const batch of allocations) assert.ok(batch[0] < batch[1] && batch[1] < batch[2]);
  });
});
