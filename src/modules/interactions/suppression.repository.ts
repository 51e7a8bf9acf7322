import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';

/** Statuses of requests that sent, or will send, a survey: they count towards suppression. */
const COUNTED = ['Pending', 'Sent'];

/** A brand and a lower-cased customer email, the unit of survey suppression. */
export interface SurveyedPair {
  brandId: number;
  emailKey: string;
}

export function surveyKey(brandId: number, emailKey: string): string {
  return `${brandId}:${emailKey}`;
}

/**
 * What the delivery gate reads: unsubscribed customers and recent surveys of one company at a
 * time. Build it on the transaction that stores the interactions.
 */
export class SuppressionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Which of these lower-cased emails are on the company's list, and why (customer, bounce or complaint). */
  async unsubscribed(companyId: number, emailKeys: string[]): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('unsubscribes').select(['email_key', 'reason']).where('company_id', '=', companyId).where('email_key', 'in', emailKeys).execute();
    return new Map(rows.map((row) => [row.email_key, row.reason]));
  }

  /**
   * Which of these (brand, lower-cased customer email) pairs of the company had a production
   * survey sent or pending since `since`, as surveyKey()s. One statement: a seek per pair on
   * interactions_suppression, whatever the table size or the planner's statistics. Each pair is a
   * scalar subquery with LIMIT 1 in the select list: as a join (or an EXISTS, which PostgreSQL may
   * turn into a hashed subplan) the planner may instead read all the company's interactions when
   * it underestimates them, as it does before its first ANALYZE. On PostgreSQL `is_test + 0` keeps
   * is_test out of the seek: without column statistics it costs `company_id = ? AND is_test = 0` on
   * the feed index as low as the suppression index's seek and, once the table has grown, picks it;
   * with is_test a filter the feed index keys on company_id alone and never looks cheaper. A
   * customer has few rows, so filtering them on is_test and created_at costs nothing. (SQLite
   * without statistics needs all five columns in the seek to prefer the index.)
   */
  async recentlySurveyed(companyId: number, pairs: SurveyedPair[], since: number): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    // The email is left untyped: on SQLite a value of text affinity cannot seek an index on an expression.
    const wanted = sql.join(pairs.map(({ brandId, emailKey }) => sql`(${emailKey}, cast(${brandId} as bigint))`));
    const rows = await this.db
      .with('wanted(email_key, brand_id)', () => sql<{ email_key: string; brand_id: number }>`(values ${wanted})`)
      .selectFrom('wanted')
      .select((eb) => [
        'wanted.email_key',
        'wanted.brand_id',
        eb
          .selectFrom('interactions')
          .select(sql<number>`1`.as('one'))
          .where('interactions.company_id', '=', companyId)
          .whereRef(sql`lower(interactions.customer_email)`, '=', 'wanted.email_key')
          .whereRef('interactions.brand_id', '=', 'wanted.brand_id')
          .where(isPostgres(this.db) ? sql`interactions.is_test + 0` : sql`interactions.is_test`, '=', 0)
          .where('interactions.created_at', '>=', since)
          .where('interactions.delivery_status', 'in', COUNTED)
          .limit(1)
          .as('surveyed'),
      ])
      .execute();
    return new Set(rows.filter((row) => row.surveyed !== null).map((row) => surveyKey(Number(row.brand_id), row.email_key)));
  }
}
