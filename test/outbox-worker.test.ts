import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../src/outbox/start-worker.ts';
import { openRuntime } from '../src/runtime.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker, interaction, outboxRows, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, SMTP_POOL_SIZE: '3' });
});
after(async () => {
  await ctx.close();
  await sink.close();
});

const mailsTo = (address: string) => sink.received.filter((mail) => mail.envelopeTo.includes(address));

describe('outbox worker', () => {
  it('never re-sends after a restart, and fails (not re-sends) a row abandoned mid-delivery', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const bodies = Array.from({ length: 5 }, () => requestBody(agent));
    const ids: string[] = [];
    for (const body of bodies) ids.push(await postRequest(ctx, company.api_key, body));
    const first = fastWorker(ctx);
    await eventually(async () => (await Promise.all(ids.map((id) => interaction(ctx, id)))).every((row) => row.delivery_status === 'Sent'));
    await first.stop();

    const abandoned = requestBody(agent);
    const abandonedId = await postRequest(ctx, company.api_key, abandoned);
    const row = await interaction(ctx, abandonedId);
    await ctx.db.kysely
      .updateTable('outbox')
      .set({ status: 'sending', claim_id: 'a-worker-that-died', claimed_at: Date.now() - 11 * 60_000, attempts: 1, payload: JSON.stringify({ token: 'x'.repeat(32) }) })
      .where('interaction_id', '=', row.id)
      .execute();

    const second = fastWorker(ctx);
    try {
      const failed = await eventually(async () => {
        const current = await interaction(ctx, abandonedId);
        return current.delivery_status === 'Failed' ? current : null;
      });
      assert.ok(failed.sequence_id > row.sequence_id);
      const [outbox] = await outboxRows(ctx, row.id);
      assert.equal(outbox.status, 'failed');
      assert.match(outbox.last_error ?? '', /not retried/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const body of bodies) assert.equal(mailsTo(body.customer.email).length, 1, 'each email once');
      assert.equal(mailsTo(abandoned.customer.email).length, 0);
    } finally {
      await second.stop();
    }
  });

  it('several workers, each on its own database connection, share a backlog without sending any row twice', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const bodies = Array.from({ length: 60 }, () => requestBody(agent));
    const ids = await Promise.all(bodies.map((body) => postRequest(ctx, company.api_key, body)));
    // As separate worker processes would: their own connections (on SQLite too) and services.
    const runtimes = await Promise.all([openRuntime(ctx.config), openRuntime(ctx.config)]);
    const workers = [fastWorker(ctx, { concurrency: 5 }), ...runtimes.map(({ services }) => startWorker(services, { pollMs: 20, backoffBaseMs: 50, concurrency: 5 }))];
    try {
      await eventually(async () => {
        const rows = await ctx.db.kysely.selectFrom('interactions').select('delivery_status').where('uuid', 'in', ids).execute();
        return rows.every((r) => r.delivery_status === 'Sent');
      }, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const body of bodies) assert.equal(mailsTo(body.customer.email).length, 1, body.customer.email);
      const claims = await ctx.db.kysely.selectFrom('outbox').select('attempts').where('company_id', '=', company.id).execute();
      assert.ok(claims.every((c) => c.attempts === 1));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      for (const { services, db } of runtimes) {
        await services.close();
        await db.close();
      }
    }
  });

  it('runs handlers registered for other kinds with backoff, and leaves kinds it has no handler for', async () => {
    const { company } = await surveyCompany(ctx);
    const seen: number[] = [];
    let failures = 0;
    ctx.services.outboxHandlers.register({
      kind: 'test_kind',
      async run(job) {
        if (failures++ < 1) throw new Error('temporarily unavailable');
        seen.push(job.attempt);
      },
    });
    const now = Date.now();
    await ctx.db.kysely
      .insertInto('outbox')
      .values({ company_id: company.id, kind: 'test_kind', interaction_id: null, payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null })
      .execute();
    await ctx.db.kysely
      .insertInto('outbox')
      .values({ company_id: company.id, kind: 'nobody_handles_this', interaction_id: null, payload: '{}', status: 'pending', attempts: 0, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null })
      .execute();
    const worker = fastWorker(ctx, { maxAttempts: 2 });
    try {
      const rows = await eventually(async () => {
        const all = await ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).orderBy('id').execute();
        return all[0].status === 'sent' ? all : null;
      });
      assert.deepEqual(seen, [2]);
      assert.deepEqual(rows.map((r) => [r.kind, r.status, r.attempts]), [['test_kind', 'sent', 2], ['nobody_handles_this', 'pending', 0]]);
      assert.equal(rows[0].last_error, null, 'the error of the failed first attempt is cleared on success');
    } finally {
      await worker.stop();
    }
  });
});
