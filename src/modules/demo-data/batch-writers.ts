import SQLite from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import { INTERACTION_COLUMNS, type Database, type NewInteraction } from '../../db/schema.ts';
import { lockSequence, reserveIds, storeSequence } from '../../db/sequence.ts';
import { parseJson } from '../../lib/json.ts';
import { ANSWER_COLUMN_NAMES } from '../interactions/answer-columns.ts';
import { interactionContributions, type InteractionFacts } from '../reports/contributions.ts';
import { sqliteRollupWriter } from '../reports/rollup-sqlite.ts';
import { addNewInteractions } from '../reports/rollup-writer.ts';
import { batchRows, type Draft } from './demo-drafts.ts';

/** Writes one batch of drafted interactions (and their answers) in one transaction. */
export interface BatchWriter {
  write(companyId: number, drafts: Draft[], now: number): Promise<{ answers: number; lastSequence: number }>;
  close(): Promise<void>;
}

/** The interaction columns a batch writes: every column, with the answers in figures (answer-columns.ts). */
const COLUMNS = [...INTERACTION_COLUMNS, ...ANSWER_COLUMN_NAMES] as const;
const ANSWER_COLUMNS = ['company_id', 'interaction_id', 'question_key', 'question_id', 'question_text', 'comment', 'selected_options', 'created_at', 'updated_at'] as const;

/** The fastest writer for the database: a bulk SQLite connection, or multi-row INSERTs on PostgreSQL. */
export function batchWriter(db: Db): BatchWriter {
  return db.dialect === 'sqlite' ? sqliteBatchWriter(db.url.slice('sqlite:'.length)) : kyselyBatchWriter(db.kysely);
}

/**
 * SQLite: a second connection with prepared single-row statements in IMMEDIATE transactions
 * (the query builder's per-value cost dominates at a million rows). Taking the write lock
 * first serialises it with the server's writers like any other writer.
 */
export function sqliteBatchWriter(file: string): BatchWriter {
  const conn = new SQLite(file);
  conn.pragma('busy_timeout = 10000');
  conn.pragma('cache_size = -262144');
  // The drafts reference only rows this load or the company already has; checking every
  // reference would cost a lookup per foreign key per row.
  conn.pragma('foreign_keys = OFF');
  // A bulk load: commits skip the flush (the WAL is still flushed before every checkpoint, so a
  // crash cannot corrupt the database) and checkpoint rarely; `close` makes everything durable.
  conn.pragma('synchronous = NORMAL');
  conn.pragma('wal_autocheckpoint = 16384');
  const lock = conn.prepare('update company_sequences set last_value = last_value where company_id = ? returning last_value');
  const maxId = conn.prepare('select coalesce(max(id), 0) as id from interactions');
  const setCounter = conn.prepare('update company_sequences set last_value = ? where company_id = ?');
  const addCounter = conn.prepare('insert into company_sequences (company_id, last_value) values (?, ?)');
  // Positional parameters: the binding reads an array's items faster than an object's properties.
  const insertInteraction = conn.prepare(`insert into interactions (${COLUMNS.join(',')}) values (${COLUMNS.map(() => '?').join(',')})`);
  const insertAnswer = conn.prepare(`insert into answers (${ANSWER_COLUMNS.join(',')}) values (${ANSWER_COLUMNS.map(() => '?').join(',')})`);
  const rollups = sqliteRollupWriter(conn);
  const write = conn.transaction((companyId: number, drafts: Draft[], now: number) => {
    const locked = lock.get(companyId) as { last_value: number } | undefined;
    const first = Number((maxId.get() as { id: number }).id) + 1;
    const ids = drafts.map((_, i) => first + i);
    const rows = batchRows(companyId, drafts, ids, Number(locked?.last_value ?? 0), now);
    for (const row of rows.interactions) insertInteraction.run(COLUMNS.map((column) => row[column] ?? null));
    for (const row of rows.answers) insertAnswer.run(ANSWER_COLUMNS.map((column) => row[column] ?? null));
    // The batch's figures, in its transaction (after the sequence lock, as every rollup write).
    const timeZone = rollups.timeZone(companyId);
    rollups.add(companyId, batchFacts(rows.interactions).flatMap((facts) => interactionContributions(facts, timeZone)).map((contribution) => ({ contribution, sign: 1 as const })));
    if (locked) setCounter.run(rows.lastSequence, companyId);
    else addCounter.run(companyId, rows.lastSequence);
    return { answers: rows.answers.length, lastSequence: rows.lastSequence };
  });
  return {
    write: async (companyId, drafts, now) => write.immediate(companyId, drafts, now),
    close: async () => {
      // One flushed commit makes every earlier one durable with it.
      conn.pragma('synchronous = FULL');
      conn.prepare('update company_sequences set last_value = last_value').run();
      conn.close();
    },
  };
}

/** Any database through Kysely: multi-row INSERTs whose statement text is built once per size. */
export function kyselyBatchWriter(db: Kysely<Database>): BatchWriter {
  return {
    write: (companyId, drafts, now) =>
      db.transaction().execute(async (trx) => {
        const locked = await lockSequence(trx, companyId);
        const ids = await reserveIds(trx, 'interactions', drafts.length);
        const rows = batchRows(companyId, drafts, ids, locked ?? 0, now);
        await bulkInsert(trx, 'interactions', COLUMNS, rows.interactions, 1000);
        await bulkInsert(trx, 'answers', ANSWER_COLUMNS, rows.answers, 3000);
        await addNewInteractions(trx, companyId, batchFacts(rows.interactions));
        await storeSequence(trx, companyId, locked, rows.lastSequence);
        return { answers: rows.answers.length, lastSequence: rows.lastSequence };
      }),
    // Fresh statistics after a bulk load, as an operator would run them.
    close: async () => void (await sql`analyze interactions`.execute(db), await sql`analyze answers`.execute(db)),
  };
}

/**
 * The figures' facts of a batch's new rows. A recovery's first survey is in the same batch
 * (demo-drafts.ts draftRecovery), so its rating is read there.
 */
function batchFacts(rows: NewInteraction[]): InteractionFacts[] {
  const stars = new Map(rows.map((row) => [row.id, row.star_rating ?? null]));
  return rows.map((row) => ({
    is_test: row.is_test,
    is_recovery: row.is_recovery,
    employee_id: row.employee_id,
    channel: row.channel,
    brand_id: row.brand_id,
    tags: parseJson<string[]>(row.tags, []),
    sent_at: row.sent_at ?? null,
    response_received_at: row.response_received_at ?? null,
    star_rating: row.star_rating ?? null,
    nps_score: row.nps_score ?? null,
    resolved: row.resolved ?? null,
    first_star_rating: row.parent_id === null || row.parent_id === undefined ? null : (stars.get(row.parent_id) ?? null),
  }));
}

async function bulkInsert<C extends string>(trx: Transaction<Database>, table: string, columns: readonly C[], rows: Partial<Record<C, unknown>>[], perInsert: number) {
  const statements = new Map<number, string>();
  for (let i = 0; i < rows.length; i += perInsert) {
    const chunk = rows.slice(i, i + perInsert);
    let text = statements.get(chunk.length);
    if (!text) {
      const values = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
      text = `insert into ${table} (${columns.map((c) => `"${c}"`).join(',')}) values ${values}`;
      statements.set(chunk.length, text);
    }
    const parameters: unknown[] = [];
    for (const row of chunk) for (const column of columns) parameters.push(row[column] ?? null);
    await trx.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
