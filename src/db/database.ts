import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** The `sqlite:<path>` or `postgres://` URL it was opened with. */
  url: string;
  close(): Promise<void>;
}

// Columns are bigint epoch milliseconds and sequence ids; all fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens the database named by a `sqlite:<path>` or `postgres://` URL. */
export function openDatabase(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  if (databaseUrl.startsWith('sqlite:')) return { ...openSqlite(databaseUrl.slice('sqlite:'.length)), url: databaseUrl };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', url: databaseUrl, close: () => kysely.destroy() };
}

function openSqlite(file: string): Omit<Db, 'url'> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  // WAL + synchronous=FULL: a committed transaction survives a crash of the process and the machine.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}
