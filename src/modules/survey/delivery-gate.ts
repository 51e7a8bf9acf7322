import { sql, type Kysely, type Transaction } from 'kysely';
import { isPostgres } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import type { PendingInteraction } from '../interactions/interaction-types.ts';
import { loadSettings } from '../companies/company-settings.ts';

export const DELIVERY_SUPPRESSED = 'Suppressed';
export const DELIVERY_UNSUBSCRIBED = 'Unsubscribed';
/** Statuses of requests that sent, or will send, a survey: they count towards suppression. */
const COUNTED = ['Pending', 'Sent'];

/**
 * Runs inside the transaction that stores new interactions, after the company
 * counters are locked (so concurrent requests for one company are serialised):
 * unsubscribed customers get "Unsubscribed", and a second survey to the same
 * customer email and brand within the company's suppression period gets
 * "Suppressed"; neither keeps its outbox row. Test-key requests are exempt, and
 * recoveries are exempt from suppression (they follow up a survey on purpose).
 */
export async function applyDeliveryGate(trx: Transaction<Database>, pending: PendingInteraction[]): Promise<void> {
  const now = Date.now();
  const byCompany = new Map<number, PendingInteraction[]>();
  for (const item of pending) {
    if (!item.outbox || item.is_test === 1 || !item.customer_email) continue;
    byCompany.set(item.company_id, [...(byCompany.get(item.company_id) ?? []), item]);
  }
  for (const [companyId, items] of byCompany) {
    const days = (await loadSettings(trx, companyId))?.suppression_days ?? 0;
    const emails = [...new Set(items.map((item) => item.customer_email!.toLowerCase()))];
    const unsubscribed = new Set(
      (
        await trx
          .selectFrom('unsubscribes')
          .select('email_key')
          .where('company_id', '=', companyId)
          .where('email_key', 'in', emails)
          .execute()
      ).map((row) => row.email_key),
    );
    const checked = new Map<string, { brandId: number; emailKey: string }>();
    for (const item of items) {
      const emailKey = item.customer_email!.toLowerCase();
      if (item.is_recovery !== 1) checked.set(surveyKey(item.brand_id, emailKey), { brandId: item.brand_id, emailKey });
    }
    const recent = days > 0 ? await recentlySurveyed(trx, companyId, [...checked.values()], now - days * 86_400_000) : new Set<string>();
    for (const item of items) {
      const email = item.customer_email!.toLowerCase();
      const key = surveyKey(item.brand_id, email);
      if (unsubscribed.has(email)) {
        item.delivery_status = DELIVERY_UNSUBSCRIBED;
        item.outbox = null;
      } else if (days > 0 && item.is_recovery !== 1 && recent.has(key)) {
        item.delivery_status = DELIVERY_SUPPRESSED;
        item.outbox = null;
      } else if (days > 0 && item.is_recovery !== 1) {
        recent.add(key);
      }
    }
  }
}

function surveyKey(brandId: number, emailKey: string): string {
  return `${brandId}:${emailKey}`;
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
async function recentlySurveyed(trx: Kysely<Database>, companyId: number, pairs: { brandId: number; emailKey: string }[], since: number): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  // The email is left untyped: on SQLite a value of text affinity cannot seek an index on an expression.
  const wanted = sql.join(pairs.map(({ brandId, emailKey }) => sql`(${emailKey}, cast(${brandId} as bigint))`));
  const rows = await trx
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
        .where(isPostgres(trx) ? sql`interactions.is_test + 0` : sql`interactions.is_test`, '=', 0)
        .where('interactions.created_at', '>=', since)
        .where('interactions.delivery_status', 'in', COUNTED)
        .limit(1)
        .as('surveyed'),
    ])
    .execute();
  return new Set(rows.filter((row) => row.surveyed !== null).map((row) => surveyKey(Number(row.brand_id), row.email_key)));
}
