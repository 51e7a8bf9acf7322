import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditRow, CalibrationRow, QaAuditsTable, QaCalibrationsTable, QaReviewsTable, ReviewRow } from '../../db/schema-qa.ts';
import { lockSequence, stampSequence } from '../../db/sequence.ts';
import type { FeedQuery } from '../../feeds/feed-query.ts';
import { feedWhere } from '../../feeds/feed-where.ts';

type Tx = Transaction<Database> | Kysely<Database>;
type QaTable = 'qa_reviews' | 'qa_audits' | 'qa_calibrations';
type NewRow<T> = Omit<Insertable<T>, 'id' | 'company_id' | 'sequence_id'>;

/** QA reviews, audits and calibrations of one company at a time (company id first on every query). */
export class QaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` in a transaction holding the company's sequence lock (taken first). */
  async write<T>(companyId: number, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await lockSequence(trx, companyId);
      return work(trx);
    });
  }

  async insertReview(trx: Tx, companyId: number, row: NewRow<QaReviewsTable>): Promise<number> {
    return this.insert(trx, 'qa_reviews', companyId, row);
  }

  async insertAudit(trx: Tx, companyId: number, row: NewRow<QaAuditsTable>): Promise<number> {
    return this.insert(trx, 'qa_audits', companyId, row);
  }

  async insertCalibration(trx: Tx, companyId: number, row: NewRow<QaCalibrationsTable>): Promise<number> {
    return this.insert(trx, 'qa_calibrations', companyId, row);
  }

  private async insert(trx: Tx, table: QaTable, companyId: number, row: object): Promise<number> {
    const { id } = await trx
      .insertInto(table as 'qa_reviews')
      .values({ ...(row as NewRow<QaReviewsTable>), company_id: companyId, sequence_id: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await stampSequence(trx, table, companyId, [id]);
    return id;
  }

  /** Applies changes and takes a new sequence id. */
  async updateReview(trx: Tx, companyId: number, id: number, changes: Updateable<QaReviewsTable>): Promise<void> {
    await trx.updateTable('qa_reviews').set(changes).where('company_id', '=', companyId).where('id', '=', id).execute();
    await stampSequence(trx, 'qa_reviews', companyId, [id]);
  }

  async updateAudit(trx: Tx, companyId: number, id: number, changes: Updateable<QaAuditsTable>): Promise<void> {
    await trx.updateTable('qa_audits').set(changes).where('company_id', '=', companyId).where('id', '=', id).execute();
    await stampSequence(trx, 'qa_audits', companyId, [id]);
  }

  async updateCalibration(trx: Tx, companyId: number, id: number, changes: Updateable<QaCalibrationsTable>): Promise<void> {
    await trx.updateTable('qa_calibrations').set(changes).where('company_id', '=', companyId).where('id', '=', id).execute();
    await stampSequence(trx, 'qa_calibrations', companyId, [id]);
  }

  /** Audits embed their review: when it changes they take new sequence ids too. */
  async restampAuditsOfReview(trx: Tx, companyId: number, reviewId: number): Promise<void> {
    const audits = await trx.selectFrom('qa_audits').select('id').where('company_id', '=', companyId).where('review_id', '=', reviewId).orderBy('id').execute();
    await stampSequence(trx, 'qa_audits', companyId, audits.map((a) => a.id));
  }

  /** Every review, audit and calibration showing this scorecard takes a new sequence id (its name or archived_at changed). */
  async restampByScorecard(trx: Tx, companyId: number, scorecardId: number): Promise<void> {
    for (const table of ['qa_reviews', 'qa_audits', 'qa_calibrations'] as const) {
      const rows = await trx.selectFrom(table as 'qa_reviews').select('id').where('company_id', '=', companyId).where('scorecard_id', '=', scorecardId).orderBy('id').execute();
      await stampSequence(trx, table, companyId, rows.map((r) => r.id));
    }
    const audited = await trx
      .selectFrom('qa_audits')
      .innerJoin('qa_reviews', 'qa_reviews.id', 'qa_audits.review_id')
      .select('qa_audits.id')
      .where('qa_audits.company_id', '=', companyId)
      .where('qa_reviews.scorecard_id', '=', scorecardId)
      .where('qa_audits.scorecard_id', '!=', scorecardId)
      .execute();
    await stampSequence(trx, 'qa_audits', companyId, audited.map((a) => a.id));
  }

  async findReview(companyId: number, uuid: string, trx: Tx = this.db): Promise<ReviewRow | undefined> {
    return trx.selectFrom('qa_reviews').selectAll().where('company_id', '=', companyId).where('uuid', '=', uuid.toLowerCase()).executeTakeFirst();
  }

  async reviewsById(companyId: number, ids: number[], trx: Tx = this.db): Promise<ReviewRow[]> {
    if (ids.length === 0) return [];
    return trx.selectFrom('qa_reviews').selectAll().where('company_id', '=', companyId).where('id', 'in', [...new Set(ids)]).execute();
  }

  async findAudit(companyId: number, uuid: string, trx: Tx = this.db): Promise<AuditRow | undefined> {
    return trx.selectFrom('qa_audits').selectAll().where('company_id', '=', companyId).where('uuid', '=', uuid.toLowerCase()).executeTakeFirst();
  }

  async findCalibration(companyId: number, uuid: string, trx: Tx = this.db): Promise<CalibrationRow | undefined> {
    return trx.selectFrom('qa_calibrations').selectAll().where('company_id', '=', companyId).where('uuid', '=', uuid.toLowerCase()).executeTakeFirst();
  }

  async reviewById(companyId: number, id: number, trx: Tx = this.db): Promise<ReviewRow> {
    return trx.selectFrom('qa_reviews').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async auditById(companyId: number, id: number, trx: Tx = this.db): Promise<AuditRow> {
    return trx.selectFrom('qa_audits').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async calibrationById(companyId: number, id: number, trx: Tx = this.db): Promise<CalibrationRow> {
    return trx.selectFrom('qa_calibrations').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** `testOnly`: only reviews of a test interaction (their solicitation_id is a test request). */
  async reviewFeed(companyId: number, query: FeedQuery, testOnly = false): Promise<ReviewRow[]> {
    let select = this.db.selectFrom('qa_reviews').selectAll().where('company_id', '=', companyId);
    if (testOnly) select = select.where('solicitation_uuid', 'in', this.testInteractionUuids(companyId));
    return feedWhere(select, query).execute();
  }

  /** `testOnly`: only audits of reviews of a test interaction. */
  async auditFeed(companyId: number, query: FeedQuery, testOnly = false): Promise<AuditRow[]> {
    let select = this.db.selectFrom('qa_audits').selectAll().where('company_id', '=', companyId);
    if (testOnly) {
      const reviewsOfTests = this.db
        .selectFrom('qa_reviews')
        .select('id')
        .where('company_id', '=', companyId)
        .where('solicitation_uuid', 'in', this.testInteractionUuids(companyId));
      select = select.where('review_id', 'in', reviewsOfTests);
    }
    return feedWhere(select, query).execute();
  }

  private testInteractionUuids(companyId: number) {
    return this.db.selectFrom('interactions').select('uuid').where('company_id', '=', companyId).where('is_test', '=', 1);
  }

  async calibrationFeed(companyId: number, query: FeedQuery): Promise<CalibrationRow[]> {
    return feedWhere(this.db.selectFrom('qa_calibrations').selectAll().where('company_id', '=', companyId), query).execute();
  }
}
