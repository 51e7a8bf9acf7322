import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { parseJson } from '../../lib/json.ts';
import { readSettings } from '../companies/company-settings.ts';
import { coachingContributions, interactionContributions, reviewContributions, type InteractionFacts } from './contributions.ts';
import { addContributions, type SignedContribution } from './rollup-store.ts';

type Tx = Transaction<Database> | Kysely<Database>;

const BATCH = 5_000;

/** The company's report time zone (its `time_zone` setting). */
export async function companyTimeZone(trx: Tx, companyId: number): Promise<string> {
  const row = await trx.selectFrom('companies').select('settings').where('id', '=', companyId).executeTakeFirst();
  return readSettings(parseJson(row?.settings ?? '{}', {})).time_zone;
}

/** The figures' facts of these interactions (with a recovery's first survey's rating), by id. */
export async function readInteractionFacts(trx: Tx, companyId: number, ids: readonly number[]): Promise<Map<number, InteractionFacts>> {
  const facts = new Map<number, InteractionFacts>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await factsQuery(trx, companyId).where('i.id', 'in', ids.slice(i, i + 500)).execute();
    for (const row of rows) facts.set(Number(row.id), toFacts(row));
  }
  return facts;
}

function factsQuery(trx: Tx, companyId: number) {
  return trx
    .selectFrom('interactions as i')
    .leftJoin('interactions as p', (join) => join.onRef('p.id', '=', 'i.parent_id').on('p.company_id', '=', companyId))
    .select([
      'i.id', 'i.is_test', 'i.is_recovery', 'i.employee_id', 'i.channel', 'i.brand_id', 'i.tags', 'i.sent_at', 'i.response_received_at',
      'i.star_rating', 'i.nps_score', 'i.resolved', 'p.star_rating as first_star_rating',
    ])
    .where('i.company_id', '=', companyId);
}

type FactsRow = Awaited<ReturnType<ReturnType<typeof factsQuery>['execute']>>[number];

function toFacts(row: FactsRow): InteractionFacts {
  const tags = parseJson<unknown>(row.tags, []);
  const num = (value: number | null) => (value === null ? null : Number(value));
  return {
    is_test: Number(row.is_test),
    is_recovery: Number(row.is_recovery),
    employee_id: Number(row.employee_id),
    channel: row.channel,
    brand_id: Number(row.brand_id),
    tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [],
    sent_at: num(row.sent_at),
    response_received_at: num(row.response_received_at),
    star_rating: num(row.star_rating),
    nps_score: num(row.nps_score),
    resolved: num(row.resolved),
    first_star_rating: num(row.first_star_rating),
  };
}

/**
 * Recomputes a company's rollups from its rows, in the caller's transaction (after its time zone
 * changes, and in migration 140). Reads in batches of ids so memory stays flat at any size.
 */
export async function rebuildCompanyRollups(trx: Tx, companyId: number): Promise<void> {
  const timeZone = await companyTimeZone(trx, companyId);
  await trx.deleteFrom('report_rollups').where('company_id', '=', companyId).execute();
  for (let after = 0; ;) {
    const rows = await factsQuery(trx, companyId)
      .where('i.id', '>', after)
      .where((eb) => eb.or([eb('i.sent_at', 'is not', null), eb('i.response_received_at', 'is not', null)]))
      .orderBy('i.id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1].id);
    await addContributions(trx, companyId, rows.flatMap((row) => interactionContributions(toFacts(row), timeZone).map(plus)));
  }
  const reviews = await trx
    .selectFrom('qa_reviews')
    .select(['employee_id', 'completed_at', 'count_toward_score', 'score'])
    .where('company_id', '=', companyId)
    .where('completed_at', 'is not', null)
    .execute();
  const sessions = await trx.selectFrom('coaching_sessions').select(['employee_id', 'created_at']).where('company_id', '=', companyId).execute();
  await addContributions(trx, companyId, [
    ...reviews.flatMap((row) => reviewContributions({ employee_id: Number(row.employee_id), completed_at: Number(row.completed_at), count_toward_score: Number(row.count_toward_score), score: row.score === null ? null : Number(row.score) }, timeZone)),
    ...sessions.flatMap((row) => coachingContributions({ employee_id: Number(row.employee_id), created_at: Number(row.created_at) }, timeZone)),
  ].map(plus));
}

const plus = (contribution: SignedContribution['contribution']): SignedContribution => ({ contribution, sign: 1 });

/** Rolls up every company (migration 140). */
export async function rebuildAllRollups(db: Kysely<any>): Promise<void> {
  const companies = await sql<{ id: number }>`SELECT id FROM companies ORDER BY id`.execute(db);
  for (const { id } of companies.rows) await rebuildCompanyRollups(db as Kysely<Database>, Number(id));
}
