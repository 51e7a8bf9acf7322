import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { coachingContributions, interactionContributions, reviewContributions, type CoachingFacts, type Contribution, type InteractionFacts, type ReviewFacts } from './contributions.ts';
import { companyTimeZone, readInteractionFacts } from './rollup-rebuild.ts';
import { addContributions, type SignedContribution } from './rollup-store.ts';

type Tx = Transaction<Database> | Kysely<Database>;

/**
 * Keeps the report rollups exact inside the writers' own transactions: read the figures' facts
 * of the rows a change touches, make the change, read them again, and add the difference
 * (after +1, before -1). A withdrawn or edited answer then changes the figures exactly as if it
 * had always been that way.
 *
 * Lock order: call these only after the transaction took the company's sequence lock (every
 * writer of interactions, QA reviews and coaching sessions takes it first), so rollup rows are
 * only ever written under that lock and PostgreSQL cannot deadlock on them.
 */

/** The difference of rows' contributions before and after a change; rows whose facts did not change add nothing. */
function difference<F>(before: Map<number, F>, after: Map<number, F>, contribute: (facts: F, timeZone: string) => Contribution[], timeZone: string): SignedContribution[] {
  const changes: SignedContribution[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(id);
    const is = after.get(id);
    if (was !== undefined && is !== undefined && sameFacts(was, is)) continue;
    if (was !== undefined) for (const contribution of contribute(was, timeZone)) changes.push({ contribution, sign: -1 });
    if (is !== undefined) for (const contribution of contribute(is, timeZone)) changes.push({ contribution, sign: 1 });
  }
  return changes;
}

function sameFacts(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function changed<F>(before: Map<number, F>, after: Map<number, F>): boolean {
  if (before.size !== after.size) return true;
  for (const [id, facts] of after) {
    const was = before.get(id);
    if (was === undefined || !sameFacts(was, facts)) return true;
  }
  return false;
}

async function addDifference<F>(trx: Tx, companyId: number, before: Map<number, F>, after: Map<number, F>, contribute: (facts: F, timeZone: string) => Contribution[]): Promise<void> {
  if (!changed(before, after)) return;
  const timeZone = await companyTimeZone(trx, companyId);
  await addContributions(trx, companyId, difference(before, after, contribute, timeZone));
}

/** These interactions' ids with the ids of the recoveries that follow them (a recovery's figures read its first survey's rating). */
async function withRecoveries(trx: Tx, companyId: number, ids: readonly number[]): Promise<number[]> {
  const children = await trx
    .selectFrom('interactions')
    .select('id')
    .where('company_id', '=', companyId)
    .where('parent_id', 'in', [...ids])
    .execute();
  return [...new Set([...ids, ...children.map((row) => Number(row.id))])];
}

/**
 * Runs `change` (which may change these interactions' sending, answers or answer columns) and
 * updates the rollups by the difference. `recoveries` (default true) also follows the recoveries
 * of changed first surveys: needed when a star rating may change, not for a send.
 */
export async function withInteractionRollups<T>(trx: Tx, companyId: number, ids: readonly number[], change: () => Promise<T>, options: { recoveries?: boolean } = {}): Promise<T> {
  if (ids.length === 0) return change();
  const all = options.recoveries === false ? [...ids] : await withRecoveries(trx, companyId, ids);
  const before = await readInteractionFacts(trx, companyId, all);
  const result = await change();
  const after = await readInteractionFacts(trx, companyId, all);
  await addDifference(trx, companyId, before, after, interactionContributions);
  return result;
}

/** Adds the contributions of interactions just written (a bulk load: nothing to subtract). */
export async function addNewInteractions(trx: Tx, companyId: number, rows: readonly InteractionFacts[]): Promise<void> {
  if (rows.length === 0) return;
  const timeZone = await companyTimeZone(trx, companyId);
  await addContributions(trx, companyId, rows.flatMap((row) => interactionContributions(row, timeZone)).map((contribution) => ({ contribution, sign: 1 as const })));
}

async function readReviewFacts(trx: Tx, companyId: number, ids: readonly number[]): Promise<Map<number, ReviewFacts>> {
  const facts = new Map<number, ReviewFacts>();
  if (ids.length === 0) return facts;
  const rows = await trx
    .selectFrom('qa_reviews')
    .select(['id', 'employee_id', 'completed_at', 'count_toward_score', 'score'])
    .where('company_id', '=', companyId)
    .where('id', 'in', [...ids])
    .execute();
  for (const row of rows) {
    facts.set(Number(row.id), {
      employee_id: Number(row.employee_id),
      completed_at: row.completed_at === null ? null : Number(row.completed_at),
      count_toward_score: Number(row.count_toward_score),
      score: row.score === null ? null : Number(row.score),
    });
  }
  return facts;
}

/**
 * Runs `change` on QA reviews `ids` (completion, score, count_toward_score, employee) and updates
 * the rollups by the difference. `created` names the reviews the change inserted.
 */
export async function withReviewRollups<T>(trx: Tx, companyId: number, ids: readonly number[], change: () => Promise<T>, created: (result: T) => readonly number[] = () => []): Promise<T> {
  const before = await readReviewFacts(trx, companyId, ids);
  const result = await change();
  const after = await readReviewFacts(trx, companyId, [...new Set([...ids, ...created(result)])]);
  await addDifference(trx, companyId, before, after, reviewContributions);
  return result;
}

/** Adds a coaching session just created (sessions are never deleted, nor change employee or creation time). */
export async function addCoachingSession(trx: Tx, companyId: number, session: CoachingFacts): Promise<void> {
  await addContributions(trx, companyId, coachingContributions(session, await companyTimeZone(trx, companyId)).map((contribution) => ({ contribution, sign: 1 as const })));
}
