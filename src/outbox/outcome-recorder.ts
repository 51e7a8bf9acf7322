import type { FastifyBaseLogger } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import type { JobOutcome, OutboxHandlers, OutboxJob } from './outbox-handlers.ts';
import type { Completion, OutboxRepository } from './outbox.repository.ts';

/** A finished job: how its outbox row ends, and the outcome its handler records (null for a retry). */
export interface Finished {
  job: OutboxJob;
  completion: Completion;
  outcome: JobOutcome | null;
}

interface Queued {
  item: Finished;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const LINGER_MS = 100;
const MAX_BATCH = 200;
/** While the database is unreachable, outcomes are offered to it again this often. */
const RETRY_MS = 1_000;
/** Once the worker stops, outcomes the database still cannot take are given up after this long. */
const STOP_GRACE_MS = 10_000;

/**
 * Writes the outcomes of finished jobs in batches: whatever finished within LINGER_MS goes into
 * one transaction (one fsync on SQLite) instead of one transaction per message. An outcome the
 * database cannot take because it is unreachable is kept and written when it is back: its row
 * stays claimed meanwhile, so the message is neither sent again nor failed.
 */
export class OutcomeRecorder {
  private queued: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private stoppedAt: number | null = null;
  private waiting = false;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly handlers: OutboxHandlers,
    private readonly log?: FastifyBaseLogger,
  ) {}

  /** Resolves once the outcome is committed; rejects if it cannot be. */
  submit(item: Finished): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (this.queued.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), LINGER_MS);
    });
  }

  /** The worker is stopping: stop waiting for an unreachable database after STOP_GRACE_MS. */
  stop(): void {
    this.stoppedAt = Date.now();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queued.splice(0);
    if (batch.length === 0) return;
    this.writing = this.writing.then(() => this.write(batch));
  }

  /** The batch in one transaction; if that fails for another reason than the database being away, each alone. */
  private async write(batch: Queued[]): Promise<void> {
    try {
      await this.writeBatch(batch.map((entry) => entry.item));
      this.written(batch);
      return;
    } catch (error) {
      if (this.keepForLater(error, batch)) return;
    }
    for (const entry of batch) {
      try {
        await this.writeBatch([entry.item]);
        this.written([entry]);
      } catch (error) {
        if (!this.keepForLater(error, [entry])) entry.reject(error);
      }
    }
  }

  private written(entries: Queued[]): void {
    if (this.waiting) this.log?.info({ outcomes: entries.length }, 'outbox worker: the database is back; outcomes recorded');
    this.waiting = false;
    for (const entry of entries) entry.resolve();
  }

  private keepForLater(error: unknown, entries: Queued[]): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (this.stoppedAt !== null && Date.now() - this.stoppedAt > STOP_GRACE_MS) return false;
    if (!this.waiting) this.log?.warn({ err: error, outcomes: entries.length }, 'outbox worker: database unreachable; outcomes kept until it is back');
    this.waiting = true;
    this.queued.unshift(...entries);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), RETRY_MS);
    return true;
  }

  private async writeBatch(batch: Finished[]): Promise<void> {
    const sorted = [...batch].sort((a, b) => a.job.companyId - b.job.companyId || a.job.id - b.job.id);
    const now = Date.now();
    await this.repository.transaction(async (trx) => {
      for (const item of sorted) {
        const owned = await this.repository.complete(trx, item.completion, now);
        if (owned && item.outcome) await this.handlers.get(item.job.kind)?.record?.(trx, item.job, item.outcome);
      }
    });
  }
}
