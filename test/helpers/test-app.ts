import type { AddressInfo } from 'node:net';
import { buildApp, type App, type BuildAppOptions } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { actingOn, type ActAs } from './test-client.ts';

export interface TestContext {
  app: App;
  services: Services;
  db: Db;
  config: Config;
  database: TestDatabase;
  /** Environment that points a child process (the CLI, a second server) at the same database. */
  env: Record<string, string>;
  /** `ctx.as(company).post(url, body)`: a request through app.inject with the company's key and a fresh JWT. */
  as: ActAs;
  close(): Promise<void>;
}

/** A migrated database of its own and an app on it (not listening; use app.inject). */
export async function createTestContext(overrides: Record<string, string> = {}, options: BuildAppOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DEMO: 'false', ...overrides };
  const config = loadConfig(env);
  const { db, services } = await openRuntime(config);
  const app = await buildApp(config, services, options);
  await app.ready();
  return {
    app,
    services,
    db,
    config,
    database,
    env,
    as: actingOn(app),
    close: async () => {
      await app.close();
      await db.close();
      await database.drop();
    },
  };
}

/** A test context listening on a free loopback port (for real HTTP clients), with its base URL. */
export async function createListeningTestContext(overrides: Record<string, string> = {}, options: BuildAppOptions = {}): Promise<{ ctx: TestContext; baseUrl: string }> {
  const ctx = await createTestContext(overrides, options);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return { ctx, baseUrl: `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}` };
}
