import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ActionItemRow, CoachingActionItemsTable, CoachingSessionRow, CoachingSessionsTable } from '../../db/schema-qa.ts';
import { lockSequence, stampSequence } from '../../db/sequence.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import { feedWhere } from '../../feeds/feed-where.ts';

type Tx = Transaction<Database> | Kysely<Database>;

/** Coaching sessions and action items of one company at a time (company id first on every query). */
export class CoachingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` in a transaction holding the company's sequence lock (taken first). */
  async write<T>(companyId: number, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await lockSequence(trx, companyId);
      return work(trx);
    });
  }

  async insertSession(trx: Tx, companyId: number, row: Omit<Insertable<CoachingSessionsTable>, 'id' | 'company_id' | 'sequence_id'>): Promise<number> {
    const { id } = await trx
      .insertInto('coaching_sessions')
      .values({ ...row, company_id: companyId, sequence_id: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async updateSession(trx: Tx, companyId: number, id: number, changes: Updateable<CoachingSessionsTable>): Promise<void> {
    await trx.updateTable('coaching_sessions').set(changes).where('company_id', '=', companyId).where('id', '=', id).execute();
  }

  /** New sequence ids for sessions, in id order. */
  async stamp(trx: Tx, companyId: number, sessionIds: number[]): Promise<void> {
    await stampSequence(trx, 'coaching_sessions', companyId, [...new Set(sessionIds)].sort((a, b) => a - b));
  }

  async insertActionItems(trx: Tx, companyId: number, rows: Omit<Insertable<CoachingActionItemsTable>, 'company_id'>[]): Promise<void> {
    if (rows.length === 0) return;
    await trx.insertInto('coaching_action_items').values(rows.map((r) => ({ ...r, company_id: companyId }))).execute();
  }

  async actionItemsByUuid(companyId: number, uuids: string[], trx: Tx = this.db): Promise<ActionItemRow[]> {
    if (uuids.length === 0) return [];
    return trx.selectFrom('coaching_action_items').selectAll().where('company_id', '=', companyId).where('uuid', 'in', uuids.map((u) => u.toLowerCase())).execute();
  }

  /** Completes the items still open; returns how many were. */
  async completeActionItems(trx: Tx, companyId: number, ids: number[], sessionId: number, at: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await trx
      .updateTable('coaching_action_items')
      .set({ status: 'completed', completed_at: at, completed_in_session_id: sessionId })
      .where('company_id', '=', companyId)
      .where('id', 'in', ids)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Items created in, or completed during, any of the sessions. */
  async actionItemsOfSessions(companyId: number, sessionIds: number[]): Promise<ActionItemRow[]> {
    if (sessionIds.length === 0) return [];
    return this.db
      .selectFrom('coaching_action_items')
      .selectAll()
      .where('company_id', '=', companyId)
      .where((eb) => eb.or([eb('session_id', 'in', sessionIds), eb('completed_in_session_id', 'in', sessionIds)]))
      .orderBy('id')
      .execute();
  }

  async listActionItems(companyId: number, employeeId: number, status?: string): Promise<ActionItemRow[]> {
    let query = this.db.selectFrom('coaching_action_items').selectAll().where('company_id', '=', companyId).where('employee_id', '=', employeeId);
    if (status) query = query.where('status', '=', status);
    return query.orderBy('id').execute();
  }

  async findSession(companyId: number, uuid: string): Promise<CoachingSessionRow | undefined> {
    return this.db.selectFrom('coaching_sessions').selectAll().where('company_id', '=', companyId).where('uuid', '=', uuid.toLowerCase()).executeTakeFirst();
  }

  async sessionById(trx: Tx, companyId: number, id: number): Promise<CoachingSessionRow> {
    return trx.selectFrom('coaching_sessions').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async sessionsById(companyId: number, ids: number[]): Promise<CoachingSessionRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('coaching_sessions').selectAll().where('company_id', '=', companyId).where('id', 'in', ids).execute();
  }

  async feed(companyId: number, query: FeedQuery): Promise<CoachingSessionRow[]> {
    return feedWhere(this.db.selectFrom('coaching_sessions').selectAll().where('company_id', '=', companyId), query).execute();
  }
}
