import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** DATABASE_URL for this test file alone. */
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** PostgreSQL of CI (and of the scale-out tests on the SQLite run). */
export const CI_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh database per test file: a temporary SQLite file, or, when DATABASE_URL
 * names PostgreSQL, a new schema in that database (selected through search_path).
 * `postgres: true` always gives a PostgreSQL schema (in CI_POSTGRES_URL on the SQLite run).
 */
export async function createTestDatabase(options: { postgres?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-test-'));
  const fromEnv = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const base = fromEnv ?? (options.postgres ? CI_POSTGRES_URL : undefined);
  if (!base) {
    return {
      url: `sqlite:${path.join(dataDir, 'test.db')}`,
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
