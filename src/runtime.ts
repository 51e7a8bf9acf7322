import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createServices, type Services } from './services.ts';

/** Opens the configured database, brings it up to date and builds the services. */
export async function openRuntime(config: Config): Promise<{ db: Db; services: Services }> {
  const db = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize, exportPoolSize: config.databaseExportPoolSize });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, services: createServices(config, db) };
}
