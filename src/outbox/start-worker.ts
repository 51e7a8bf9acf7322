import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Config } from '../config.ts';
import type { Telemetry } from '../lib/telemetry.ts';
import type { OutboxHandlers } from './outbox-handlers.ts';
import type { OutboxRepository } from './outbox.repository.ts';
import { OutboxWorker, type WorkerOptions } from './outbox-worker.ts';

/** What a worker takes from the process's services. */
export interface WorkerServices {
  config: Pick<Config, 'logLevel'>;
  outbox: OutboxRepository;
  outboxHandlers: OutboxHandlers;
  telemetry: Pick<Telemetry, 'abandonedJob'>;
  /** Closes the SMTP pool the handlers send through, once the worker has stopped. */
  closeMailer(): void;
}

/**
 * Starts an outbox worker on the process's services: inside `serve` by default, or
 * alone (`serve --role worker`). Any number of workers may run against PostgreSQL.
 * `stop()` finishes the jobs in flight and closes the SMTP pool.
 */
export function startWorker(services: WorkerServices, options: WorkerOptions = {}): OutboxWorker {
  const log = options.log ?? (pino({ level: services.config.logLevel }) as unknown as FastifyBaseLogger);
  return new OutboxWorker(services.outbox, services.outboxHandlers, {
    onAbandoned: (kind) => services.telemetry.abandonedJob(kind),
    ...options,
    log,
    onStop: () => services.closeMailer(),
  }).start();
}
