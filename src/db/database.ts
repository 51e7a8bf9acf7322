import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { StorageHealth } from './storage-health.ts';
import { SearchPathPostgresDialect } from './pg-dialect.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  /**
   * For data-return reads (pages and streamed exports). On PostgreSQL it has a pool of its own, so
   * any number of exports never take the connections that ingestion and the rest need; on SQLite
   * it is `kysely`.
   */
  exportKysely: Kysely<Database>;
  dialect: DialectName;
  /** The `sqlite:<path>` or `postgres://` URL it was opened with. */
  url: string;
  /** The PostgreSQL connection pools (for their metrics); absent on SQLite. */
  pool?: pg.Pool;
  exportPool?: pg.Pool;
  /** On SQLite: whether writes fail for lack of space (the disk or the database is full). */
  storage?: StorageHealth;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
let pgModule: typeof pg | undefined;

/** node-postgres, loaded on first use: a server on SQLite never loads it. */
function loadPg(): typeof pg {
  if (pgModule) return pgModule;
  pgModule = require('pg') as typeof pg;
  // Columns are bigint epoch milliseconds and sequence ids; all fit in a double.
  pgModule.types.setTypeParser(pgModule.types.builtins.INT8, (value) => Number(value));
  return pgModule;
}

/** How long a query waits for a pool connection (including connecting) before failing. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Opens the database named by a `sqlite:<path>` or `postgres://` URL. */
export function openDatabase(databaseUrl: string, options: { poolSize?: number; exportPoolSize?: number } = {}): Db {
  if (databaseUrl.startsWith('sqlite:')) return { ...openSqlite(databaseUrl.slice('sqlite:'.length)), url: databaseUrl };
  const pool = openPool(databaseUrl, options.poolSize ?? 10);
  const exportPool = openPool(databaseUrl, options.exportPoolSize ?? 4);
  const kysely = new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool }) });
  const exportKysely = new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool: exportPool }) });
  return {
    kysely,
    exportKysely,
    dialect: 'postgres',
    url: databaseUrl,
    pool,
    exportPool,
    close: async () => {
      await Promise.all([kysely.destroy(), exportKysely.destroy()]);
    },
  };
}

function openPool(connectionString: string, max: number): pg.Pool {
  const pool = new (loadPg().Pool)({
    connectionString,
    max,
    // A server that stops answering (a failover, a network partition) fails a query instead of hanging it for ever.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // A connection lost while idle in the pool: the pool drops it and connects anew on demand.
  pool.on('error', () => {});
  // A connection lost while checked out (its backend terminated, the server crashed): node-postgres
  // fails the query in progress and then emits 'error' on the client, which the pool listens for
  // only while the client is idle; unheard, that event would end the process. The query's caller
  // gets the error, and the pool discards the client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

function openSqlite(file: string): Omit<Db, 'url'> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  // WAL + synchronous=FULL: a committed transaction survives a crash of the process and the machine.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // 16 MB of page cache per connection (the default is 2 MB) for the indexes data-return reads
  // walk; pages beyond it come from the operating system's cache. A larger cache made neither an
  // export nor a page faster, only the process bigger ("SQLite page cache" in bench/README.md).
  database.pragma('cache_size = -16384');
  // Table statistics for the query planner, refreshed as tables grow (as SQLite recommends
  // for long-lived connections). Without them it can pick an index on company_id alone
  // over a primary-key lookup and scan a whole company.
  database.pragma('analysis_limit = 400');
  const optimize = () => database.pragma('optimize = 0x10002');
  optimize();
  const optimizer = setInterval(optimize, 3_600_000).unref();
  const storage = new StorageHealth();
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database, storage) }) });
  return {
    kysely,
    exportKysely: kysely,
    dialect: 'sqlite',
    storage,
    close: () => {
      clearInterval(optimizer);
      return kysely.destroy();
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/** What Kysely's SQLite driver calls on a prepared statement. */
type KyselyStatement = Pick<SQLite.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

/** What Kysely runs for `rollback` when SQLite has already rolled the transaction back itself. */
const NOTHING_TO_ROLL_BACK: KyselyStatement = { reader: false, run: () => ({ changes: 0, lastInsertRowid: 0 }) } as unknown as KyselyStatement;

/**
 * Kysely prepares every query anew; preparing costs more than running most of ours.
 * Statements are reusable, and Kysely runs one query at a time on a connection.
 * A write's outcome is noted in `storage`: a full disk or database marks it, a committed write clears it.
 */
function withStatementCache(database: SQLite.Database, storage: StorageHealth) {
  const statements = new Map<string, KyselyStatement>();
  return {
    close: () => database.close(),
    prepare(source: string): KyselyStatement {
      // Kysely opens transactions with a deferred BEGIN; IMMEDIATE takes the write lock up
      // front, so a transaction that reads first cannot fail to upgrade when another
      // connection (the writer thread, a CLI process) has written in between.
      if (source === 'begin') source = 'begin immediate';
      // On SQLITE_FULL (and I/O errors) SQLite rolls the transaction back itself; Kysely's own
      // ROLLBACK would then fail with "no transaction is active" and hide the real error.
      if (source === 'rollback' && !database.inTransaction) return NOTHING_TO_ROLL_BACK;
      let statement = statements.get(source);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        const prepared = database.prepare(source);
        statement = prepared.reader ? rowsAsObjects(prepared) : watchWrites(prepared, database, storage);
        statements.set(source, statement);
      }
      return statement;
    },
  };
}

function watchWrites(statement: SQLite.Statement, database: SQLite.Database, storage: StorageHealth): KyselyStatement {
  return {
    reader: false,
    all: (...parameters: unknown[]) => statement.all(...parameters),
    iterate: (...parameters: unknown[]) => statement.iterate(...parameters),
    run: (...parameters: unknown[]) => {
      try {
        const result = statement.run(...parameters);
        if (!database.inTransaction) storage.succeeded();
        return result;
      } catch (error) {
        storage.failed(error);
        throw error;
      }
    },
  } as KyselyStatement;
}

/**
 * A reading statement whose rows come from SQLite as arrays and become objects here: the native
 * binding builds an object one property at a time (about half the cost of reading a wide row).
 * The objects come from a constructor made for the statement's columns (rather than an object
 * literal, whose allocation site V8 may pretenure; `serve` also turns pretenuring off). Later
 * columns of a repeated name win, as in the binding's own objects.
 */
function rowsAsObjects(statement: SQLite.Statement): KyselyStatement {
  statement.raw(true);
  const fields = statement.columns().map((column, i) => `this[${JSON.stringify(column.name)}] = row[${i}];`);
  const Row = new Function('row', fields.join(' ')) as unknown as new (row: unknown[]) => unknown;
  Row.prototype = Object.prototype;
  const toObject = (row: unknown[]) => new Row(row);
  return {
    reader: true,
    all: (...parameters: unknown[]) => (statement.all(...parameters) as unknown[][]).map(toObject),
    *iterate(...parameters: unknown[]) {
      for (const row of statement.iterate(...parameters) as Iterable<unknown[]>) yield toObject(row);
    },
    run: (...parameters: unknown[]) => statement.run(...parameters),
  } as KyselyStatement;
}
