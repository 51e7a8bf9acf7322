import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../src/db/database.ts';
import { OutboxHandlers, type JobOutcome, type OutboxHandler } from '../src/outbox/outbox-handlers.ts';
import { OutboxRepository } from '../src/outbox/outbox.repository.ts';
import { OutboxWorker, type WorkerOptions } from '../src/outbox/outbox-worker.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany } from './helpers/factories.ts';
import { eventually } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/**
 * The outbox lease (leaseMs): a row 'sending' for longer belongs to a dead worker and is failed,
 * never re-sent; a slow worker finishing after such a takeover must not overwrite it. The
 * second worker has a database connection of its own, as a second process would.
 */
let ctx: TestContext;
let other: Db;
let company: CompanyCredentials;
before(async () => {
  ctx = await createTestContext();
  other = openDatabase(ctx.env.DATABASE_URL);
  company = await createCompany(ctx.services);
});
after(async () => {
  await other.close();
  await ctx.close();
});

const TAKEOVER_ERROR = /worker stopped during delivery; not retried/;
let kinds = 0;
const newKind = () => `lease_test_${++kinds}`;

function worker(db: Db, kind: string, handler: Omit<OutboxHandler, 'kind'>, options: WorkerOptions): OutboxWorker {
  const handlers = new OutboxHandlers();
  handlers.register({ kind, ...handler });
  return new OutboxWorker(new OutboxRepository(db.kysely), handlers, { pollMs: 10, ...options }).start();
}

async function insertRow(kind: string, values: { status?: string; claimedAt?: number | null; claimId?: string | null } = {}): Promise<number> {
  const now = Date.now();
  const row = await ctx.db.kysely
    .insertInto('outbox')
    .values({
      company_id: company.id, kind, interaction_id: null, payload: '{}', status: values.status ?? 'pending', attempts: values.status === 'sending' ? 1 : 0,
      available_at: now, claimed_at: values.claimedAt ?? null, claim_id: values.claimId ?? null, last_error: null, created_at: now, completed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const row = (id: number) => ctx.db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outbox lease boundaries', () => {
  it('failStale fails a row claimed leaseMs + 1 s ago and leaves one claimed leaseMs - 1 s ago', async () => {
    const leaseMs = 600_000;
    const kind = newKind();
    const now = Date.now();
    const inside = await insertRow(kind, { status: 'sending', claimedAt: now - leaseMs + 1_000, claimId: 'a-live-worker' });
    const outside = await insertRow(kind, { status: 'sending', claimedAt: now - leaseMs - 1_000, claimId: 'a-dead-worker' });
    const repository = new OutboxRepository(ctx.db.kysely);
    const failed = await repository.transaction((trx) => repository.failStale(trx, now - leaseMs, now));
    assert.deepEqual(failed.map((r) => Number(r.id)), [outside]);
    assert.equal((await row(inside)).status, 'sending');
    const taken = await row(outside);
    assert.equal(taken.status, 'failed');
    assert.match(taken.last_error ?? '', TAKEOVER_ERROR);
    assert.equal(Number(taken.completed_at), now);
    // The live worker's row would look abandoned to the short leases of the next tests.
    await ctx.db.kysely.deleteFrom('outbox').where('kind', '=', kind).execute();
  });

  it('a slow worker finishing within the lease records its outcome; another worker leaves its row alone', async () => {
    const kind = newKind();
    const leaseMs = 1_500;
    const abandoned: string[] = [];
    let started = false;
    const slow = worker(ctx.db, kind, { run: async () => void (started = true, await sleep(400)) }, {});
    let watcher: OutboxWorker | undefined;
    try {
      const id = await insertRow(kind);
      await eventually(async () => started);
      // Started once the row is claimed, so the watcher only checks leases.
      watcher = worker(other, kind, { run: async () => assert.fail('the watcher never runs a claimed row') }, { leaseMs, onAbandoned: (k) => abandoned.push(k) });
      await eventually(async () => (await row(id)).status === 'sent');
      assert.equal(Number((await row(id)).attempts), 1);
    } finally {
      await Promise.all([slow.stop(), watcher?.stop()]);
    }
    assert.deepEqual(abandoned, []);
  });

  it('a slow worker finishing after another took its row over past the lease changes nothing', async () => {
    const kind = newKind();
    const leaseMs = 400;
    let finishSlowJob!: () => void;
    let slowJobStarted = false;
    const slowOutcomes: JobOutcome['status'][] = [];
    const watcherOutcomes: JobOutcome['status'][] = [];
    const abandoned: string[] = [];
    const slow = worker(
      ctx.db,
      kind,
      {
        run: () => {
          slowJobStarted = true;
          return new Promise<void>((resolve) => (finishSlowJob = resolve));
        },
        record: async (_trx, _job, outcome) => void slowOutcomes.push(outcome.status),
      },
      {},
    );
    let watcher: OutboxWorker | undefined;
    try {
      const id = await insertRow(kind);
      await eventually(async () => slowJobStarted);
      const claimedAt = Number((await row(id)).claimed_at);
      watcher = worker(
        other,
        kind,
        { run: async () => assert.fail('the watcher never re-sends a taken-over row'), record: async (_trx, _job, outcome) => void watcherOutcomes.push(outcome.status) },
        { leaseMs, onAbandoned: (k) => abandoned.push(k) },
      );

      // Just inside the lease the watcher leaves the row to its worker.
      await sleep(Math.max(0, claimedAt + leaseMs - 150 - Date.now()));
      const inside = await row(id);
      if (Date.now() < claimedAt + leaseMs) assert.equal(inside.status, 'sending', 'taken over before the lease ran out');

      // Past it the watcher fails the row, not before claimed_at + leaseMs.
      const taken = await eventually(async () => {
        const current = await row(id);
        return current.status === 'failed' ? current : null;
      });
      assert.ok(Number(taken.completed_at) >= claimedAt + leaseMs, `taken over ${Number(taken.completed_at) - claimedAt} ms after the claim, before the ${leaseMs} ms lease`);
      assert.match(taken.last_error ?? '', TAKEOVER_ERROR);
      assert.deepEqual(abandoned, [kind]);
      assert.deepEqual(watcherOutcomes, ['failed']);

      // The slow job now succeeds: its worker's completion no longer owns the row.
      finishSlowJob();
      await slow.stop();
      const final = await row(id);
      assert.equal(final.status, 'failed', 'the late success does not overwrite the takeover');
      assert.match(final.last_error ?? '', TAKEOVER_ERROR);
      assert.equal(Number(final.completed_at), Number(taken.completed_at));
      assert.equal(final.claim_id, null);
      assert.deepEqual(slowOutcomes, [], "the slow worker's handler records no outcome for a row it lost");
    } finally {
      finishSlowJob?.();
      await Promise.all([slow.stop(), watcher?.stop()]);
    }
  });
});
