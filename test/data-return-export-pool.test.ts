import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { seedDemo } from '../src/modules/demo-data/seed-demo.ts';
import { createRequest, dataCompany } from './helpers/data-return.ts';
import { metricValue } from './helpers/metrics.ts';
import { eventually } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// Data-return reads have a connection pool of their own on PostgreSQL, so exports, however many,
// never take the connections ingestion needs.
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ DATABASE_POOL_SIZE: '2', DATABASE_EXPORT_POOL_SIZE: '1' });
});
after(() => ctx.close());

describe('the data-return connection pool', () => {
  it('keeps ingestion answering while every data-return connection is stuck', async () => {
    const { company, employee } = await dataCompany(ctx);
    // Demo interactions come with survey answers, which every page of /v2/data reads.
    await seedDemo(ctx.db, await ctx.services.companies.requireBySubdomain(company.subdomain), { interactions: 50 });
    if (ctx.db.dialect === 'sqlite') {
      // One connection, whose reads are synchronous: nothing to share out.
      assert.equal(ctx.db.exportKysely, ctx.db.kysely);
      return;
    }
    // Hold an exclusive lock on answers, which /v2/data reads and ingestion does not: the export's
    // query waits on its pool's only connection, and three more exports wait for that connection.
    const blocker = new pg.Client({ connectionString: ctx.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE answers IN ACCESS EXCLUSIVE MODE');
      const exports = Array.from({ length: 4 }, () => ctx.as(company).get('/v2/data?limit=10'));
      await eventually(async () => metricValue((await ctx.app.inject({ url: '/metrics' })).body, 'db_export_pool_waiting_queries') === 3);
      // With one shared pool of two, these would wait for connections the exports hold.
      const started = performance.now();
      await Promise.all([createRequest(ctx, company, employee), createRequest(ctx, company, employee), createRequest(ctx, company, employee)]);
      assert.ok(performance.now() - started < 5_000, 'ingestion waited for the exports');
      await blocker.query('COMMIT');
      const answered = await Promise.all(exports);
      assert.deepEqual(answered.map((response) => response.statusCode), [200, 200, 200, 200]);
      assert.equal(answered[0].json().length, 10);
    } finally {
      await blocker.end();
    }
  });
});
