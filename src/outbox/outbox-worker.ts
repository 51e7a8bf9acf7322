import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { OutboxRow } from '../db/schema.ts';
import { parseJson } from '../lib/json.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { OutcomeRecorder, type Finished } from './outcome-recorder.ts';
import { OutboxError, type JobOutcome, type OutboxHandler, type OutboxHandlers, type OutboxJob } from './outbox-handlers.ts';
import type { OutboxRepository } from './outbox.repository.ts';

export interface WorkerOptions {
  /**
   * Jobs of each kind in flight at once (default 20); only this many rows of a kind are ever
   * claimed and unfinished. Every kind has its own budget, so slow work of one kind (webhooks to
   * endpoints that do not answer) never takes the slots of another (survey emails).
   */
  concurrency?: number;
  /** Idle poll interval in ms (default 500). */
  pollMs?: number;
  /** First retry delay in ms, doubled per attempt up to `maxBackoffMs` (default 30 s, max 1 h). */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** Attempts before a transient failure becomes permanent (default 8). */
  maxAttempts?: number;
  /** A 'sending' row older than this (ms) belongs to a dead worker (default 10 min). */
  leaseMs?: number;
  log?: FastifyBaseLogger;
  /** Called for each row a dead worker left mid-delivery, once it is marked failed (for metrics). */
  onAbandoned?: (kind: string) => void;
  /** Called once the worker has stopped (e.g. to close the SMTP pool). */
  onStop?: () => void;
}

/** A job that could not reach the database is tried again this much later, without counting the attempt. */
const DATABASE_RETRY_MS = 5_000;

/** The work of one kind: its own claim loop and concurrency budget. */
interface Lane {
  kind: string;
  /** Rows this lane claims are marked with it, so a lane releasing a doubtful claim touches only its own rows. */
  claimId: string;
  /** Ids of rows claimed by this lane whose outcome is not recorded yet. */
  unfinished: Set<number>;
  /** A claim failed: it may have committed without its rows reaching us. */
  claimInDoubt: boolean;
  inFlight: Set<Promise<void>>;
  /** The last company served: the next claim starts with the company after it (round-robin). */
  cursor: number;
  wake: (() => void) | null;
  loop: Promise<void> | null;
}

/**
 * Claims due outbox rows, runs their handlers with bounded concurrency, and records
 * outcomes in batched transactions. Each kind has a lane of its own (claim loop and
 * concurrency budget), and each claim shares the lane's free slots among the companies with
 * due work, in round-robin order (see `OutboxRepository.claim`): no tenant's backlog and no
 * kind's slow deliveries hold up the others. Delivery is at most once: a row is retried only
 * after its handler reported a failure, and a row whose worker died mid-delivery is
 * failed rather than re-sent (see `OutboxRepository.failStale`). The database going away
 * fails nothing: a job that could not reach it is put back, outcomes wait in memory until
 * they can be recorded, and rows whose claim committed unseen are released.
 */
export class OutboxWorker {
  private readonly claimId = randomBytes(12).toString('hex');
  private readonly options: Required<Omit<WorkerOptions, 'log' | 'onStop' | 'onAbandoned'>>;
  private readonly onStop?: () => void;
  private readonly onAbandoned?: (kind: string) => void;
  private readonly log?: FastifyBaseLogger;
  private readonly recorder: OutcomeRecorder;
  private lanes: Lane[] = [];
  private running = false;
  private lastStaleCheck = 0;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly handlers: OutboxHandlers,
    options: WorkerOptions = {},
  ) {
    this.options = {
      concurrency: options.concurrency ?? 20,
      pollMs: options.pollMs ?? 500,
      backoffBaseMs: options.backoffBaseMs ?? 30_000,
      maxBackoffMs: options.maxBackoffMs ?? 3_600_000,
      maxAttempts: options.maxAttempts ?? 8,
      leaseMs: options.leaseMs ?? 600_000,
    };
    this.log = options.log;
    this.onStop = options.onStop;
    this.onAbandoned = options.onAbandoned;
    this.recorder = new OutcomeRecorder(repository, handlers, options.log);
  }

  /** Starts a lane for every kind with a handler registered by now. */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.lanes = this.handlers.kinds().map((kind) => ({
      kind,
      claimId: `${this.claimId}:${kind}`,
      unfinished: new Set<number>(),
      claimInDoubt: false,
      inFlight: new Set<Promise<void>>(),
      cursor: 0,
      wake: null,
      loop: null,
    }));
    for (const lane of this.lanes) lane.loop = this.run(lane);
    return this;
  }

  /** Stops claiming, waits for jobs in flight and their records, then resolves. */
  async stop(): Promise<void> {
    this.running = false;
    this.recorder.stop();
    for (const lane of this.lanes) lane.wake?.();
    await Promise.all(this.lanes.map((lane) => lane.loop));
    await Promise.all(this.lanes.flatMap((lane) => [...lane.inFlight]));
    this.onStop?.();
  }

  private async run(lane: Lane): Promise<void> {
    const { concurrency, pollMs } = this.options;
    while (this.running) {
      try {
        await this.recoverStale();
        await this.releaseClaimInDoubt(lane);
        const free = concurrency - lane.inFlight.size;
        const claimed = free > 0 ? await this.claim(lane, free) : null;
        if (claimed) lane.cursor = claimed.lastCompany;
        if (claimed && claimed.rows.length > 0) {
          await this.dispatch(lane, claimed.rows);
          // Claim again once half the slots are free, so claims (and their transactions) stay batched.
          while (this.running && lane.inFlight.size > concurrency / 2) await Promise.race(lane.inFlight);
          continue;
        }
        if (lane.inFlight.size > 0) await Promise.race([...lane.inFlight, this.sleep(lane, pollMs)]);
        else await this.sleep(lane, pollMs);
      } catch (error) {
        this.log?.error({ err: error, kind: lane.kind }, 'outbox worker: claiming failed; retrying');
        await this.sleep(lane, Math.max(pollMs, 1000));
      }
    }
  }

  private async claim(lane: Lane, limit: number): Promise<{ rows: OutboxRow[]; lastCompany: number }> {
    try {
      return await this.repository.claim(lane.claimId, lane.kind, limit, Date.now(), lane.cursor);
    } catch (error) {
      lane.claimInDoubt = true;
      throw error;
    }
  }

  /** Rows a failed claim may have marked the lane's although it never got them: never started, they go back to pending. */
  private async releaseClaimInDoubt(lane: Lane): Promise<void> {
    if (!lane.claimInDoubt) return;
    const released = await this.repository.releaseUnstarted(lane.claimId, [...lane.unfinished]);
    lane.claimInDoubt = false;
    if (released > 0) this.log?.warn({ released, kind: lane.kind }, 'outbox worker: released rows of a claim whose answer was lost');
  }

  private sleep(lane: Lane, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        lane.wake = null;
        resolve();
      }
      lane.wake = done;
    });
  }

  private async dispatch(lane: Lane, rows: OutboxRow[]): Promise<void> {
    const jobs = rows.map(toJob);
    for (const job of jobs) lane.unfinished.add(job.id);
    const handler = this.handlers.get(lane.kind);
    try {
      await handler?.prepare?.(jobs);
    } catch (error) {
      for (const job of jobs) this.track(lane, this.finish(lane, job, error));
      return;
    }
    for (const job of jobs) this.track(lane, this.execute(lane, handler, job));
  }

  private track(lane: Lane, promise: Promise<void>): void {
    const tracked = promise.catch((error) => this.log?.error({ err: error }, 'outbox worker: recording an outcome failed')).finally(() => lane.inFlight.delete(tracked));
    lane.inFlight.add(tracked);
  }

  private async execute(lane: Lane, handler: OutboxHandler | undefined, job: OutboxJob): Promise<void> {
    if (!handler) return this.finish(lane, job, new OutboxError(`no handler registered for outbox kind "${job.kind}"`, false));
    try {
      const result = await handler.run(job);
      const at = Date.now();
      const outcome: JobOutcome = result?.skipped ? { status: 'skipped', reason: result.skipped, at } : { status: 'sent', at, detail: result?.detail };
      await this.submitCompletion(lane, {
        job,
        outcome,
        completion: { id: job.id, claimId: lane.claimId, status: 'sent', lastError: outcome.status === 'skipped' ? outcome.reason : null },
      });
    } catch (error) {
      await this.finish(lane, job, error);
    }
  }

  private async finish(lane: Lane, job: OutboxJob, error: unknown): Promise<void> {
    const failure = error instanceof OutboxError ? error : new OutboxError((error as Error)?.message ?? String(error), false);
    const at = Date.now();
    if (!(error instanceof OutboxError) && isDatabaseUnavailable(error)) {
      this.log?.warn({ outbox_id: job.id, kind: job.kind, error: failure.message }, 'outbox job could not reach the database; will retry');
      return this.submitCompletion(lane, {
        job,
        outcome: null,
        completion: { id: job.id, claimId: lane.claimId, status: 'pending', lastError: failure.message, availableAt: at + DATABASE_RETRY_MS, uncounted: true },
      });
    }
    if (!failure.permanent && job.attempt < this.options.maxAttempts) {
      const delay = Math.min(this.options.backoffBaseMs * 2 ** (job.attempt - 1), this.options.maxBackoffMs);
      const jitter = Math.floor(Math.random() * delay * 0.1);
      this.log?.warn({ outbox_id: job.id, kind: job.kind, attempt: job.attempt, error: failure.message }, 'outbox delivery failed; will retry');
      return this.submitCompletion(lane, {
        job,
        outcome: null,
        completion: { id: job.id, claimId: lane.claimId, status: 'pending', lastError: failure.message, availableAt: at + delay + jitter },
      });
    }
    this.log?.warn({ outbox_id: job.id, kind: job.kind, attempt: job.attempt, error: failure.message }, 'outbox delivery failed permanently');
    return this.submitCompletion(lane, {
      job,
      outcome: { status: 'failed', bounced: failure.bounced, reason: failure.message, at },
      completion: { id: job.id, claimId: lane.claimId, status: 'failed', lastError: failure.message },
    });
  }

  /** Records the outcome; the row stays the lane's (never released) until it is recorded. */
  private async submitCompletion(lane: Lane, item: Finished): Promise<void> {
    await this.recorder.submit(item);
    lane.unfinished.delete(item.job.id);
  }

  private async recoverStale(): Promise<void> {
    const now = Date.now();
    if (now - this.lastStaleCheck < Math.min(this.options.leaseMs / 4, 30_000)) return;
    this.lastStaleCheck = now;
    const stale = await this.repository.transaction(async (trx) => {
      const stale = await this.repository.failStale(trx, now - this.options.leaseMs, now);
      for (const row of stale) {
        const job = toJob(row);
        this.log?.warn({ outbox_id: job.id, kind: job.kind }, 'outbox row abandoned mid-delivery; marked failed, not re-sent');
        await this.handlers.get(job.kind)?.record?.(trx, job, { status: 'failed', bounced: false, reason: row.last_error ?? 'abandoned', at: now });
      }
      return stale;
    });
    for (const row of stale) this.onAbandoned?.(row.kind);
  }
}

function toJob(row: OutboxRow): OutboxJob {
  return {
    id: Number(row.id),
    companyId: Number(row.company_id),
    interactionId: row.interaction_id === null ? null : Number(row.interaction_id),
    kind: row.kind,
    payload: parseJson<Record<string, unknown>>(row.payload, {}),
    attempt: Number(row.attempts),
  };
}
