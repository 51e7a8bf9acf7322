import v8 from 'node:v8';
import { buildApp, buildWorkerApp } from './app.ts';
import type { Config } from './config.ts';
import { bootstrapDemo } from './modules/demo-data/demo-company.ts';
import { startWorker } from './outbox/start-worker.ts';
import { openRuntime } from './runtime.ts';
import { startupBanner, startupFacts } from './startup-banner.ts';
import { StartupError, type Role } from './server-role.ts';

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
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await db.close();
    throw explainListenFailure(error, config);
  }
  const runWorker = role === 'worker' || (role === 'all' && config.outboxWorker);
  const facts = startupFacts(config, role, runWorker, app.server.address());
  // After listen, so a port in use does not create the demo and lose its once-shown credentials.
  if (role !== 'worker' && config.demo) await bootstrapDemo(services, facts.url);
  const worker = runWorker ? startWorker(services, { log: app.log }) : null;
  // Weekly digests are enqueued where the outbox worker runs (any number of workers: each is sent once).
  const digests = runWorker ? services.digestScheduler.start(undefined, app.log) : null;
  app.log.info(facts, 'agent-connect started');
  if (process.stderr.isTTY) process.stderr.write(startupBanner(facts));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await digests?.stop();
    await worker?.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** A listen error as one line naming the variable to change, or the error itself. */
function explainListenFailure(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new StartupError(`port ${config.port} is already in use; set PORT to another port`);
  if (code === 'EACCES') return new StartupError(`port ${config.port} needs privileges this process lacks; set PORT to a port above 1023`);
  if (code === 'EADDRNOTAVAIL') return new StartupError(`HOST ${config.host} is not an address of this machine; set HOST to one (e.g. 127.0.0.1, or 0.0.0.0 for all)`);
  return error;
}

/**
 * Turns off V8's allocation-site pretenuring (a flag V8 reads at each garbage collection, so it
 * applies when set here). When a scavenge finds most of the objects from one allocation site
 * alive, V8 starts allocating that site's objects straight into the old generation. A data-return
 * export keeps each chunk's rows alive across a scavenge now and then, and in some runs that
 * decision grew the old generation far past what an export needs before a major collection
 * (the figures: "Export memory" in bench/README.md).
 */
function keepShortLivedObjectsYoung(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
