import { sql, type Kysely, type Transaction } from 'kysely';
import { isPostgres } from './dialect.ts';
import type { Database } from './schema.ts';

type Tx = Transaction<Database> | Kysely<Database>;

/**
 * Takes the company's sequence lock and returns its counter (undefined before the company's
 * first sequenced write). The first statement of a writing transaction: SQLite takes its
 * write lock here. The lock is held until the transaction ends.
 */
export async function lockSequence(trx: Tx, companyId: number): Promise<number | undefined> {
  const { rows } = await sql<{ last_value: number }>`
    UPDATE company_sequences SET last_value = last_value WHERE company_id = ${companyId} RETURNING last_value
  `.execute(trx);
  return rows.length === 0 ? undefined : Number(rows[0].last_value);
}

/** Stores the company's counter after allocating up to `last`; `locked` is what lockSequence returned. */
export async function storeSequence(trx: Tx, companyId: number, locked: number | undefined, last: number): Promise<void> {
  if (locked === undefined) await sql`INSERT INTO company_sequences (company_id, last_value) VALUES (${companyId}, ${last})`.execute(trx);
  else await sql`UPDATE company_sequences SET last_value = ${last} WHERE company_id = ${companyId}`.execute(trx);
}

/**
 * Allocates one sequence id per row id for a company, in order.
 *
 * `next = max(last + 1, now_ms * 10 + id % 10)`: the value encodes the time of the
 * change and stays strictly increasing per company. The counter row stays locked
 * until the surrounding transaction commits, so a company's writers commit in
 * sequence order and a reader paging with `after` never skips a committed change.
 * Must run inside a write transaction; on SQLite it should be the transaction's
 * first statement so the write lock is taken up front.
 */
export async function allocateSequenceIds(trx: Tx, companyId: number, rowIds: number[]): Promise<number[]> {
  const locked = await lockSequence(trx, companyId);
  const allocated = nextSequenceIds(locked ?? 0, Date.now(), rowIds);
  await storeSequence(trx, companyId, locked, allocated[allocated.length - 1] ?? locked ?? 0);
  return allocated;
}

/** The tables whose rows are stamped with stampSequence. */
export type StampedTable = 'qa_reviews' | 'qa_audits' | 'qa_calibrations' | 'coaching_sessions' | 'metric_records';

/** Gives rows of `table` new sequence ids (in the order given) inside the writing transaction. */
export async function stampSequence(trx: Tx, table: StampedTable, companyId: number, rowIds: number[]): Promise<void> {
  if (rowIds.length === 0) return;
  const sequenceIds = await allocateSequenceIds(trx, companyId, rowIds);
  for (const [i, rowId] of rowIds.entries()) {
    await trx
      .updateTable(table)
      .set({ sequence_id: sequenceIds[i] })
      .where('company_id', '=', companyId)
      .where('id', '=', rowId)
      .execute();
  }
}

/** The sequence ids after `last` for rows `ids` changed at `changedAtMs`, in order. */
function nextSequenceIds(last: number, changedAtMs: number, ids: number[]): number[] {
  return ids.map((id) => (last = nextSequenceId(last, changedAtMs, id)));
}

/** The sequence id after `last` for row `id` changed at `changedAtMs`: `max(last + 1, ms * 10 + id % 10)`. */
export function nextSequenceId(last: number, changedAtMs: number, id: number): number {
  return Math.max(last + 1, changedAtMs * 10 + (id % 10));
}

/**
 * Reserves `count` ids of an auto-increment table before inserting, so rows can be
 * written with their sequence id in a single INSERT. On SQLite the caller must hold
 * the write lock (any earlier write in the same transaction).
 */
export async function reserveIds(trx: Tx, table: 'interactions', count: number): Promise<number[]> {
  if (count === 0) return [];
  if (isPostgres(trx)) {
    const { rows } = await sql<{ id: number }>`
      SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::bigint AS id FROM generate_series(1, ${count})
    `.execute(trx);
    return rows.map((row) => Number(row.id));
  }
  const { rows } = await sql<{ id: number }>`SELECT coalesce(max(id), 0) AS id FROM ${sql.table(table)}`.execute(trx);
  const first = Number(rows[0].id) + 1;
  return Array.from({ length: count }, (_, i) => first + i);
}
