import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { bootstrapDemo } from './demo.ts';
import { startWorker } from './email/start-worker.ts';
import { openRuntime } from './runtime.ts';

/** `agent-connect serve`: migrate, create the demo company on an empty database, listen. */
export async function serve(config: Config): Promise<void> {
  const { db, services } = await openRuntime(config);
  if (config.demo) await bootstrapDemo(services, config);
  const app = await buildApp(config, services);
  await app.listen({ port: config.port, host: config.host });
  const worker = config.outboxWorker ? startWorker(services, { log: app.log }) : null;

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
