import { sql, type Kysely, type Transaction } from 'kysely';
import { isPostgres } from '../db/dialect.ts';
import type { Database, NewOutboxRow, OutboxRow } from '../db/schema.ts';

export type Trx = Transaction<Database>;

/** How a claimed row ends: done, retried later, or failed for good. */
export type Completion =
  | { id: number; claimId: string; status: 'sent' | 'failed'; lastError: string | null }
  /** `uncounted`: the attempt could not reach the database and does not count towards the maximum. */
  | { id: number; claimId: string; status: 'pending'; lastError: string; availableAt: number; uncounted?: boolean };

/** A pending outbox row, due at `availableAt`; insert it in the transaction that makes the work necessary. */
export function pendingOutboxRow(companyId: number, kind: string, payload: object, availableAt: number, interactionId: number | null = null): NewOutboxRow {
  return {
    company_id: companyId,
    kind,
    interaction_id: interactionId,
    payload: JSON.stringify(payload),
    status: 'pending',
    attempts: 0,
    available_at: availableAt,
    claimed_at: null,
    last_error: null,
    created_at: Date.now(),
    completed_at: null,
  };
}

/** The outbox table: atomic claims, completion, stale-claim recovery. Not tenant-scoped: it serves every company. */
export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claims up to `limit` due rows of one kind, fairly across companies: it takes the companies
   * with due rows in company-id order from just after `afterCompany` (wrapping round), at most
   * `limit` of them, shares `limit` out among them, and marks each one's earliest due rows
   * 'sending' under `claimId`. A company with a backlog thus gets its share of every claim and
   * never holds up one with a single row. Returns the rows and the last company served, where
   * the next claim should start. On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED,
   * so concurrent workers never claim the same row; SQLite runs the UPDATE under its write lock.
   */
  async claim(claimId: string, kind: string, limit: number, now: number, afterCompany = 0): Promise<{ rows: OutboxRow[]; lastCompany: number }> {
    const companies = await this.companiesWithDueWork(kind, now, afterCompany, limit);
    if (companies.length === 0) return { rows: [], lastCompany: 0 };
    const skipLocked = isPostgres(this.db) ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const shares = companies.map((companyId, i) => {
      const share = Math.floor(limit / companies.length) + (i < limit % companies.length ? 1 : 0);
      return sql`SELECT id FROM (
        SELECT id FROM outbox WHERE status = 'pending' AND kind = ${kind} AND company_id = ${companyId} AND available_at <= ${now}
        ORDER BY available_at, id LIMIT ${share} ${skipLocked}
      ) AS ${sql.raw(`share${i}`)}`;
    });
    const { rows } = await sql<OutboxRow>`
      UPDATE outbox SET status = 'sending', claim_id = ${claimId}, claimed_at = ${now}, attempts = attempts + 1
      WHERE id IN (${sql.join(shares, sql` UNION ALL `)})
      RETURNING *`.execute(this.db);
    return {
      rows: rows.map((row) => ({ ...row, id: Number(row.id), company_id: Number(row.company_id), interaction_id: row.interaction_id === null ? null : Number(row.interaction_id) })),
      lastCompany: companies[companies.length - 1],
    };
  }

  /** Up to `max` companies with due rows of `kind`, in company-id order from after `afterCompany`, wrapping round. */
  private async companiesWithDueWork(kind: string, now: number, afterCompany: number, max: number): Promise<number[]> {
    const found = await this.scanCompanies(kind, now, afterCompany, max);
    if (found.length < max && afterCompany > 0) {
      found.push(...(await this.scanCompanies(kind, now, 0, max - found.length)).filter((companyId) => companyId <= afterCompany));
    }
    return found;
  }

  /** A loose index scan: one seek per company with due rows (not one step per row), however long its queue. */
  private async scanCompanies(kind: string, now: number, afterCompany: number, max: number): Promise<number[]> {
    const next = (after: unknown) =>
      sql`(SELECT company_id FROM outbox WHERE status = 'pending' AND kind = ${kind} AND company_id > ${after} AND available_at <= ${now} ORDER BY company_id LIMIT 1)`;
    const { rows } = await sql<{ company_id: number }>`
      WITH RECURSIVE due (company_id, n) AS (
        SELECT ${next(afterCompany)}, 1
        UNION ALL
        SELECT ${next(sql.ref('due.company_id'))}, due.n + 1 FROM due WHERE due.company_id IS NOT NULL AND due.n < ${max}
      )
      SELECT company_id FROM due WHERE company_id IS NOT NULL`.execute(this.db);
    return rows.map((row) => Number(row.company_id));
  }

  /** Runs `work` in one transaction for a batch of completions (handlers add their own writes). */
  async transaction<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Ends a claim; a row whose claim was taken over by stale recovery is left alone (returns false). */
  async complete(trx: Trx, completion: Completion, now: number): Promise<boolean> {
    const result = await trx
      .updateTable('outbox')
      .set({
        status: completion.status,
        last_error: completion.lastError,
        claim_id: null,
        ...(completion.status === 'pending'
          ? { available_at: completion.availableAt, ...(completion.uncounted ? { attempts: sql<number>`attempts - 1` } : {}) }
          : { completed_at: now }),
      })
      .where('id', '=', completion.id)
      .where('claim_id', '=', completion.claimId)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Puts rows claimed under `claimId` back to pending, except `started`: after a claim whose
   * answer was lost with the connection, its rows may be marked ours without our knowing them.
   */
  async releaseUnstarted(claimId: string, started: number[]): Promise<number> {
    let query = this.db
      .updateTable('outbox')
      .set({ status: 'pending', claim_id: null, claimed_at: null, attempts: sql<number>`attempts - 1` })
      .where('claim_id', '=', claimId)
      .where('status', '=', 'sending');
    if (started.length > 0) query = query.where('id', 'not in', started);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Rows left 'sending' longer than the lease: their worker died (or lost the database)
   * somewhere between claiming and recording the outcome, so the message may or may not
   * have been accepted. They are failed, never re-sent, and returned for their handlers.
   */
  async failStale(trx: Trx, olderThan: number, now: number): Promise<OutboxRow[]> {
    const stale = await trx
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'sending')
      .where('claimed_at', '<', olderThan)
      .orderBy('company_id')
      .limit(500)
      .execute();
    const failed: OutboxRow[] = [];
    for (const row of stale) {
      const result = await trx
        .updateTable('outbox')
        .set({ status: 'failed', claim_id: null, completed_at: now, last_error: 'worker stopped during delivery; not retried so the message is never sent twice' })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('claim_id', '=', row.claim_id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) failed.push({ ...row, id: Number(row.id), company_id: Number(row.company_id) });
    }
    return failed;
  }

  async setPayload(trx: Trx, id: number, payload: string): Promise<void> {
    await trx.updateTable('outbox').set({ payload }).where('id', '=', id).execute();
  }
}
