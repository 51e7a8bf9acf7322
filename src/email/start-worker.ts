import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Services } from '../services.ts';
import { OutboxWorker, type WorkerOptions } from './outbox-worker.ts';

/**
 * Starts an outbox worker on the process's services: inside `serve` by default, or
 * alone (`serve --role worker`). Any number of workers may run against PostgreSQL.
 * `stop()` finishes the jobs in flight and closes the SMTP pool.
 */
export function startWorker(services: Services, options: WorkerOptions = {}): OutboxWorker {
  const log = options.log ?? (pino({ level: services.config.logLevel }) as unknown as FastifyBaseLogger);
  return new OutboxWorker(services.outbox, services.outboxHandlers, {
    onAbandoned: (kind) => services.telemetry.abandonedJob(kind),
    ...options,
    log,
    onStop: () => services.closeMailer(),
  }).start();
}
