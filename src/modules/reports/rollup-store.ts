import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ReportRollupsTable } from '../../db/schema-reports.ts';
import { COUNTER_NAMES, addCounters, isZero, zeroCounters, type CounterName, type Counters } from './counters.ts';
import type { Contribution } from './contributions.ts';
import { monthOf } from './local-time.ts';

type Tx = Transaction<Database> | Kysely<Database>;

/** The slices a rollup row can have, as bits of its `grain`. Teams and groups are sets of employees. */
export const SLICE = { employee: 1, channel: 2, brand: 4, tags: 8 } as const;

/**
 * The materialised slice combinations, smallest first. A report reads the first grain that has
 * every slice it groups or filters by; every change is added to each of them.
 */
export const GRAINS = [0, SLICE.channel, SLICE.brand, SLICE.employee, SLICE.employee | SLICE.channel, SLICE.employee | SLICE.channel | SLICE.brand | SLICE.tags] as const;

/** Grains without channel, brand or tags: the only ones QA reviews and coaching sessions are counted in. */
const EMPLOYEE_GRAINS = GRAINS.filter((grain) => (grain & ~SLICE.employee) === 0);

export interface SignedContribution {
  contribution: Contribution;
  sign: 1 | -1;
}

/** Where a rollup row counts: every column but the company and the counters. */
export type RollupKey = Omit<ReportRollupsTable, 'company_id' | CounterName>;

const ROWS_PER_STATEMENT = 400;

/** The canonical text of a set of tags: sorted distinct values as a JSON array. */
export function tagsetText(tags: readonly string[]): string {
  return JSON.stringify([...new Set(tags)].sort());
}

/** A rollup row to add: its key and the counters (any sign) to add to it. */
export type RollupRow = { company_id: number } & RollupKey & Counters;

/** The canonical tag-set texts these contributions need ids for. */
export function tagsetTexts(changes: readonly SignedContribution[]): string[] {
  return [...new Set(changes.flatMap(({ contribution }) => (contribution.dims ? [tagsetText(contribution.dims.tags)] : [])))];
}

/**
 * The rows to upsert for these contributions (pure): every grain of every contribution, the
 * contributions to one row summed, rows that sum to zero left out, in key order (so concurrent
 * writers on PostgreSQL lock rows in one order).
 */
export function rollupRows(companyId: number, changes: readonly SignedContribution[], tagsetId: (text: string) => number): RollupRow[] {
  const rows = new Map<string, { key: RollupKey; counters: Counters }>();
  for (const { contribution, sign } of changes) {
    const dims = contribution.dims;
    for (const grain of dims ? GRAINS : EMPLOYEE_GRAINS) {
      const key: RollupKey = {
        is_test: contribution.isTest ? 1 : 0,
        grain,
        day: contribution.day,
        month: monthOf(contribution.day),
        employee_id: grain & SLICE.employee ? contribution.employeeId : 0,
        channel: dims && grain & SLICE.channel ? dims.channel : '',
        brand_id: dims && grain & SLICE.brand ? dims.brandId : 0,
        tagset_id: dims && grain & SLICE.tags ? tagsetId(tagsetText(dims.tags)) : 0,
      };
      const text = `${key.is_test}|${grain}|${key.day}|${key.employee_id}|${key.brand_id}|${key.tagset_id}|${key.channel}`;
      let row = rows.get(text);
      if (!row) rows.set(text, (row = { key, counters: zeroCounters() }));
      addCounters(row.counters, contribution.counters, sign);
    }
  }
  return [...rows.entries()]
    .filter(([, row]) => !isZero(row.counters))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => ({ company_id: companyId, ...row.key, ...row.counters }));
}

/** The columns of a rollup row's key (the conflict target of its upsert). */
export const ROLLUP_KEY_COLUMNS = ['company_id', 'is_test', 'grain', 'day', 'employee_id', 'channel', 'brand_id', 'tagset_id'] as const;

/**
 * Adds (or, with sign -1, subtracts) contributions to the company's rollups, in the caller's
 * transaction. Contributions to the same row are summed first; rows are written in key order.
 */
export async function addContributions(trx: Tx, companyId: number, changes: readonly SignedContribution[]): Promise<void> {
  if (changes.length === 0) return;
  const tagsets = await tagsetIds(trx, companyId, tagsetTexts(changes));
  const values = rollupRows(companyId, changes, (text) => tagsets.get(text)!);
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('report_rollups')
      .values(values.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc
          .columns([...ROLLUP_KEY_COLUMNS])
          .doUpdateSet((eb) => Object.fromEntries(COUNTER_NAMES.map((name) => [name, eb(eb.ref(`report_rollups.${name}`), '+', eb.ref(`excluded.${name}`))])) as never),
      )
      .execute();
  }
}

/** The ids of these tag sets, created when new. */
async function tagsetIds(trx: Tx, companyId: number, wanted: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (wanted.length === 0) return ids;
  const read = async () => {
    for (let i = 0; i < wanted.length; i += 500) {
      const found = await trx.selectFrom('report_tagsets').select(['id', 'tags']).where('company_id', '=', companyId).where('tags', 'in', wanted.slice(i, i + 500)).execute();
      for (const row of found) ids.set(row.tags, Number(row.id));
    }
  };
  await read();
  const missing = wanted.filter((text) => !ids.has(text));
  if (missing.length === 0) return ids;
  for (const text of missing) {
    await trx.insertInto('report_tagsets').values({ company_id: companyId, tags: text }).onConflict((oc) => oc.columns(['company_id', 'tags']).doNothing()).execute();
  }
  await read();
  const tagRows = missing.flatMap((text) => (JSON.parse(text) as string[]).map((tag) => ({ company_id: companyId, tagset_id: ids.get(text)!, tag })));
  for (let i = 0; i < tagRows.length; i += 500) {
    await trx.insertInto('report_tagset_tags').values(tagRows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  }
  return ids;
}
