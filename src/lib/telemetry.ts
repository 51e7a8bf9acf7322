import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Db } from '../db/database.ts';

/** How one email attempt ended: accepted, refused for good (bounced: the recipient), to be retried, or not sent. */
export type EmailOutcome = 'sent' | 'failed' | 'bounced' | 'deferred' | 'skipped';

/** How one webhook delivery attempt ended (see attemptDelivery). */
export type WebhookOutcome = 'delivered' | 'retry' | 'disabled' | 'skipped';

/** Watches a group-commit queue (see Batcher). */
export interface BatchObserver {
  /** Called after each batch is written, with its size and how long the transaction took. */
  batch(size: number, seconds: number): void;
  /** Reports how many items wait for the next batch. */
  watchQueue(depth: () => number): void;
}

/**
 * The process's business metrics on its Prometheus registry, shared by the HTTP app and the
 * outbox worker (GET /metrics serves them in either role).
 */
export class Telemetry {
  private readonly emails: Counter<'kind' | 'outcome'>;
  private readonly webhooks: Counter<'event' | 'outcome'>;
  private readonly refusals: Counter<'route'>;
  private readonly rateLimitFallbacks: Counter;
  private readonly abandoned: Counter<'kind'>;
  private readonly batchSize: Histogram;
  private readonly commitTime: Histogram;
  private readonly queues: (() => number)[] = [];

  constructor(registry: Registry, db: Db) {
    const registers = [registry];
    this.emails = new Counter({ name: 'emails_total', help: 'Emails by outbox kind (survey_email, employee_invite) and outcome (sent, failed, bounced, deferred, skipped)', labelNames: ['kind', 'outcome'], registers });
    this.webhooks = new Counter({ name: 'webhook_deliveries_total', help: 'Webhook delivery attempts by event and outcome (delivered, retry, disabled, skipped)', labelNames: ['event', 'outcome'], registers });
    this.refusals = new Counter({ name: 'rate_limit_refusals_total', help: 'Requests refused with 429 by the per-key rate limit, by route', labelNames: ['route'], registers });
    this.rateLimitFallbacks = new Counter({ name: 'rate_limit_redis_fallbacks_total', help: 'Rate-limited requests counted in this process\'s memory because Redis was unreachable', registers });
    this.abandoned = new Counter({ name: 'outbox_abandoned_total', help: 'Outbox rows a dead worker left mid-delivery, failed rather than re-sent, by kind', labelNames: ['kind'], registers });
    this.batchSize = new Histogram({ name: 'ingest_batch_size', help: 'Requests written per group-commit transaction', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500], registers });
    this.commitTime = new Histogram({ name: 'ingest_commit_duration_seconds', help: 'Time to write and commit one group-commit transaction (on SQLite, including its fsync)', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers });
    const queues = this.queues;
    new Gauge({
      name: 'ingest_queue_depth',
      help: 'Requests waiting for the next group-commit transaction',
      registers,
      collect() {
        this.set(queues.reduce((sum, depth) => sum + depth(), 0));
      },
    });
    const pool = db.pool;
    if (pool) {
      const gauge = (name: string, help: string, read: () => number) =>
        new Gauge({ name, help, registers, collect() { this.set(read()); } });
      gauge('db_pool_connections', 'PostgreSQL connections open in this process\'s pool', () => pool.totalCount);
      gauge('db_pool_idle_connections', 'PostgreSQL pool connections open and idle', () => pool.idleCount);
      gauge('db_pool_waiting_queries', 'Queries waiting for a free PostgreSQL pool connection', () => pool.waitingCount);
      gauge('db_pool_max_connections', 'Largest PostgreSQL pool size (DATABASE_POOL_SIZE)', () => pool.options.max ?? 10);
    }
    const exportPool = db.exportPool;
    if (exportPool) {
      new Gauge({ name: 'db_export_pool_connections', help: 'PostgreSQL connections open in the data-return pool (DATABASE_EXPORT_POOL_SIZE)', registers, collect() { this.set(exportPool.totalCount); } });
      new Gauge({ name: 'db_export_pool_waiting_queries', help: 'Data-return queries waiting for a free connection of their pool', registers, collect() { this.set(exportPool.waitingCount); } });
    }
  }

  email(kind: string, outcome: EmailOutcome): void {
    this.emails.inc({ kind, outcome });
  }

  webhook(event: string, outcome: WebhookOutcome): void {
    this.webhooks.inc({ event, outcome });
  }

  rateLimited(route: string): void {
    this.refusals.inc({ route });
  }

  rateLimitFellBack(): void {
    this.rateLimitFallbacks.inc();
  }

  abandonedJob(kind: string): void {
    this.abandoned.inc({ kind });
  }

  /** A BatchObserver for the ingestion group commit. */
  readonly ingest: BatchObserver = {
    batch: (size, seconds) => {
      this.batchSize.observe(size);
      this.commitTime.observe(seconds);
    },
    watchQueue: (depth) => void this.queues.push(depth),
  };
}
