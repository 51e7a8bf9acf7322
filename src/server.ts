import v8 from 'node:v8';
import { buildApp, buildWorkerApp } from './app.ts';
import type { Config } from './config.ts';
import { bootstrapDemo } from './demo.ts';
import { startWorker } from './email/start-worker.ts';
import { openRuntime } from './runtime.ts';

import type { Role } from './server-role.ts';

/**
 * `agent-connect serve [--role api|worker|all]`: migrate, then serve the HTTP API and pages
 * (api), run the outbox worker (worker; its port serves only /healthz, /readyz and
 * /metrics), or both in one process (all, the default; the worker there can be turned off
 * with OUTBOX_WORKER=false).
 */
export async function serve(config: Config, role: Role = 'all'): Promise<void> {
  keepShortLivedObjectsYoung();
  const { db, services } = await openRuntime(config);
  const app = role === 'worker' ? await buildWorkerApp(config, services) : await buildApp(config, services);
  if (role !== 'worker' && config.demo) await bootstrapDemo(services, config);
  await app.listen({ port: config.port, host: config.host });
  const runWorker = role === 'worker' || (role === 'all' && config.outboxWorker);
  const worker = runWorker ? startWorker(services, { log: app.log }) : null;
  app.log.info({ role, worker: runWorker }, 'agent-connect started');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await worker?.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * Turns off V8's allocation-site pretenuring (a flag V8 reads at each garbage collection, so it
 * applies when set here). When a scavenge finds most of the objects from one allocation site
 * alive, V8 starts allocating that site's objects straight into the old generation. A data-return
 * export keeps each chunk's rows alive across a scavenge now and then, and in about one run of
 * three that decision made the old generation grow by 90 MB before a major collection: a fresh
 * server's first 1M-row export grew its RSS by 155–190 MB instead of about 50 (17 of 17 runs
 * without pretenuring stayed at 46–59 MB; ingestion throughput unchanged). See bench/README.md.
 */
function keepShortLivedObjectsYoung(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
