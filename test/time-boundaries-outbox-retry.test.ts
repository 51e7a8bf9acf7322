import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OutboxError, OutboxHandlers, type JobOutcome, type OutboxHandler } from '../src/outbox/outbox-handlers.ts';
import { OutboxRepository } from '../src/outbox/outbox.repository.ts';
import { OutboxWorker, type WorkerOptions } from '../src/outbox/outbox-worker.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany } from './helpers/factories.ts';
import { eventually } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/** Retry backoff (backoffBaseMs · 2^(attempt-1), capped, + up to 10 % jitter) and exhaustion (maxAttempts) of the outbox worker. */
let ctx: TestContext;
let company: CompanyCredentials;
let repository: OutboxRepository;
before(async () => {
  ctx = await createTestContext();
  company = await createCompany(ctx.services);
  repository = new OutboxRepository(ctx.db.kysely);
});
after(() => ctx.close());

let kinds = 0;
/** A worker of its own over the test database, for one handler of a kind no other test uses. */
function workerFor(handler: Omit<OutboxHandler, 'kind'>, options: WorkerOptions): { kind: string; worker: OutboxWorker } {
  const kind = `retry_test_${++kinds}`;
  const handlers = new OutboxHandlers();
  handlers.register({ kind, ...handler });
  return { kind, worker: new OutboxWorker(repository, handlers, { pollMs: 10, ...options }) };
}

/** A pending row whose next claim is its `attempt`th attempt. */
async function pendingRow(kind: string, attempt: number): Promise<number> {
  const now = Date.now();
  const row = await ctx.db.kysely
    .insertInto('outbox')
    .values({ company_id: company.id, kind, interaction_id: null, payload: '{}', status: 'pending', attempts: attempt - 1, available_at: now, claimed_at: null, last_error: null, created_at: now, completed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const row = (id: number) => ctx.db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Runs the worker until `done` (then `settleMs` more, for work it must not do), and stops it. */
async function runUntil(worker: OutboxWorker, done: () => Promise<boolean>, options: { settleMs?: number } = {}): Promise<void> {
  worker.start();
  try {
    await eventually(done);
    if (options.settleMs) await new Promise((resolve) => setTimeout(resolve, options.settleMs));
  } finally {
    await worker.stop();
  }
}

describe('outbox retry backoff boundaries', () => {
  it('puts a transiently failed attempt back base · 2^(attempt-1) later (+ ≤ 10 % jitter), capped at maxBackoffMs', async () => {
    const base = 60_000;
    const max = 300_000;
    const { kind, worker } = workerFor({ run: async () => { throw new OutboxError('busy', false); } }, { backoffBaseMs: base, maxBackoffMs: max });
    const expected = new Map([[1, base], [3, 4 * base], [4, max]]);
    const ids = new Map<number, number>();
    const before = Date.now();
    for (const attempt of expected.keys()) ids.set(attempt, await pendingRow(kind, attempt));
    await runUntil(worker, async () => (await Promise.all([...ids.values()].map(row))).every((r) => r.status === 'pending' && r.last_error === 'busy'));
    const afterAll = Date.now();
    for (const [attempt, delay] of expected) {
      const stored = await row(ids.get(attempt)!);
      assert.equal(Number(stored.attempts), attempt);
      const availableAt = Number(stored.available_at);
      assert.ok(availableAt >= before + delay, `attempt ${attempt}: available ${availableAt - before} ms after the start, not before ${delay} ms`);
      assert.ok(availableAt <= afterAll + Math.floor(delay * 1.1), `attempt ${attempt}: at most ${delay} ms + 10 % later (${availableAt - afterAll} ms after the end)`);
    }

    // The row is not due 1 ms before its time, and is due at it.
    const first = await row(ids.get(1)!);
    const availableAt = Number(first.available_at);
    assert.equal((await repository.claim('boundary-probe', kind, 10, availableAt - 1)).rows.length, 0, 'not claimable 1 ms before available_at');
    const claimed = await repository.claim('boundary-probe', kind, 10, availableAt);
    assert.deepEqual(claimed.rows.map((r) => r.id), [ids.get(1)], 'claimable at available_at');
  });

  it('with real time: the second attempt waits backoffBaseMs after the first failed', async () => {
    const base = 150;
    const attempts: number[] = [];
    let failedAt = 0;
    const { kind, worker } = workerFor(
      {
        run: async (job) => {
          attempts.push(Date.now());
          if (job.attempt === 1) {
            failedAt = Date.now();
            throw new OutboxError('busy', false);
          }
        },
      },
      { backoffBaseMs: base },
    );
    const id = await pendingRow(kind, 1);
    await runUntil(worker, async () => (await row(id)).status === 'sent');
    assert.equal(attempts.length, 2);
    assert.ok(attempts[1] - failedAt >= base, `retried ${attempts[1] - failedAt} ms after the failure, not before ${base} ms`);
  });
});

describe('outbox retry exhaustion boundaries', () => {
  it('retries a transient failure on attempt maxAttempts - 1 and fails it on attempt maxAttempts', async () => {
    const maxAttempts = 5;
    const outcomes: [number, JobOutcome['status']][] = [];
    const { kind, worker } = workerFor(
      {
        run: async () => { throw new OutboxError('busy', false); },
        record: async (_trx, job, outcome) => void outcomes.push([job.id, outcome.status]),
      },
      { backoffBaseMs: 600_000, maxAttempts },
    );
    const inside = await pendingRow(kind, maxAttempts - 1);
    const outside = await pendingRow(kind, maxAttempts);
    await runUntil(worker, async () => (await row(inside)).status === 'pending' && (await row(outside)).status === 'failed');
    assert.equal(Number((await row(inside)).attempts), maxAttempts - 1);
    assert.ok(Number((await row(inside)).available_at) > Date.now(), 'the retry waits its backoff');
    const failed = await row(outside);
    assert.equal(Number(failed.attempts), maxAttempts);
    assert.equal(failed.last_error, 'busy');
    assert.deepEqual(outcomes, [[outside, 'failed']], 'only the exhausted row is recorded as failed');
  });

  it('with real time: runs a handler that always fails exactly maxAttempts times, then fails the row', async () => {
    const maxAttempts = 3;
    let runs = 0;
    const { kind, worker } = workerFor({ run: async () => { runs++; throw new OutboxError('busy', false); } }, { backoffBaseMs: 10, maxAttempts });
    const id = await pendingRow(kind, 1);
    await runUntil(worker, async () => (await row(id)).status === 'failed', { settleMs: 100 });
    assert.equal(runs, maxAttempts);
    assert.equal(Number((await row(id)).attempts), maxAttempts);
  });

  it('a permanent failure is not retried even on the first attempt', async () => {
    let runs = 0;
    const { kind, worker } = workerFor({ run: async () => { runs++; throw new OutboxError('no such mailbox', true, true); } }, { backoffBaseMs: 10, maxAttempts: 8 });
    const id = await pendingRow(kind, 1);
    await runUntil(worker, async () => (await row(id)).status === 'failed', { settleMs: 100 });
    assert.equal(runs, 1);
  });
});
