// The Stream's queries on the benchmark's data, each timed and with its plan (EXPLAIN QUERY PLAN on
// SQLite, EXPLAIN ANALYZE on PostgreSQL): printed when a latency target is missed, or with
// BENCH_STREAM_EXPLAIN=1. The SQL is what StreamRepository sends, captured by Kysely's log hook.
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { SearchPathPostgresDialect } from '../src/db/pg-dialect.ts';
import type { Database } from '../src/db/schema.ts';
import { StreamRepository, type StreamCriteria } from '../src/modules/stream/stream.repository.ts';

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

const DAY = 86_400_000;

/** Runs the repository calls one Stream page and one summary make, capturing their SQL. */
async function streamQueries(db: Kysely<Database>, companyId: number, employeeIds: number[], stars?: number[]) {
  const repository = new StreamRepository(db);
  const now = Date.now();
  const criteria: StreamCriteria = { isTest: false, employeeIds, from: now - 30 * DAY, to: now, stars };
  const rows = await repository.page(companyId, criteria, undefined, 25);
  const ids = rows.map((row) => row.id);
  await repository.answers(companyId, ids);
  await repository.people(companyId, [...new Set(rows.map((row) => row.employee_id))]);
  await repository.linked(companyId, rows.filter((row) => row.is_recovery === 1 && row.parent_id !== null).map((row) => row.parent_id!), rows.filter((row) => row.is_recovery !== 1).map((row) => row.id));
  if (stars) return;
  await repository.summary(companyId, criteria);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const short = (text: string) => text.replace(/\s+/g, ' ').replace(/(\?, ){3,}\?/g, '?, …').replace(/(\$\d+, ){3,}\$\d+/g, '$…').slice(0, 400);

/** Plans and times of the Stream's queries for these employees (the agent, or the leader and their team). */
export async function explainStream(kind: 'sqlite' | 'postgres', databaseUrl: string, companyId: number, cases: { who: string; employeeIds: number[]; stars?: number[] }[]): Promise<string> {
  const lines: string[] = [];
  const captured: Captured[] = [];
  const log = (event: LogEvent) => {
    if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
  };
  if (kind === 'sqlite') {
    const connection = new SQLite(databaseUrl.slice('sqlite:'.length));
    connection.pragma('cache_size = -16384');
    connection.pragma('analysis_limit = 400');
    connection.pragma('optimize = 0x10002');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }), log });
    try {
      for (const c of cases) {
        captured.length = 0;
        await streamQueries(db, companyId, c.employeeIds, c.stars);
        lines.push(`## ${kind}, ${c.who}`);
        for (const query of captured) {
          const statement = connection.prepare(query.sql);
          const times: number[] = [];
          for (let i = 0; i < 5; i++) {
            const started = performance.now();
            if (statement.reader) statement.all(...(query.parameters as unknown[]));
            times.push(performance.now() - started);
          }
          const plan = connection.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[];
          lines.push(`${median(times).toFixed(2)} ms  ${short(query.sql)}`, ...plan.map((row) => `    ${row.detail}`));
        }
      }
    } finally {
      await db.destroy();
    }
  } else {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const db = new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool }), log });
    try {
      for (const c of cases) {
        captured.length = 0;
        await streamQueries(db, companyId, c.employeeIds, c.stars);
        lines.push(`## ${kind}, ${c.who}`);
        for (const query of captured.splice(0)) {
          const result = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, [...query.parameters]));
          lines.push(short(query.sql), ...result.rows.map((row) => `    ${row['QUERY PLAN']}`));
        }
      }
    } finally {
      await db.destroy();
    }
  }
  return lines.join('\n');
}
