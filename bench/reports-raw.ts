// The reports benchmark's baseline: the same figures computed by GROUP BY over the raw rows
// (interactions, their first surveys for recoveries, qa_reviews, coaching_sessions) for a UTC
// company, where a day is `ms / 86400000` and a week's Monday is `day - (day + 3) % 7`.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { addCounters, zeroCounters, type Counters } from '../src/modules/reports/counters.ts';

const DAY = 86_400_000;

/** A report as the benchmark asks it: a period of UTC days (inclusive) and up to two slices. */
export interface BenchReport {
  name: string;
  from: number;
  to: number;
  groupBy: ('employee' | 'team' | 'week' | 'day')[];
}

/** Counters by the report's key (slice values joined with '|': employee or leader id, day number of the day or the week's Monday), and the total. */
export interface RawResult {
  rows: Map<string, Counters>;
  total: Counters;
}

type Column = 'response_received_at' | 'sent_at' | 'completed_at' | 'created_at';

/** The SQL of each slice's value for rows dated by `column` of alias `a` (team: the alias `t` of employee_team_leaders). */
function sliceSql(slice: BenchReport['groupBy'][number], a: string, column: Column): RawBuilder<unknown> {
  const day = sql`(${sql.ref(`${a}.${column}`)} / ${sql.lit(DAY)})`;
  if (slice === 'employee') return sql.ref(`${a}.employee_id`);
  if (slice === 'team') return sql.ref('t.team_leader_id');
  if (slice === 'week') return sql`(${day} - (${day} + 3) % 7)`;
  return day;
}

/** One source's counters by the report's slices: `select` sums the counters over `from` rows dated by `a.column`. */
async function grouped(db: Kysely<Database>, report: BenchReport, companyId: number, source: { from: RawBuilder<unknown>; a: string; column: Column; where: RawBuilder<unknown>; select: RawBuilder<unknown> }) {
  const keys = report.groupBy.map((slice) => sliceSql(slice, source.a, source.column));
  const team = report.groupBy.includes('team') ? sql`JOIN employee_team_leaders t ON t.company_id = ${sql.ref(`${source.a}.company_id`)} AND t.employee_id = ${sql.ref(`${source.a}.employee_id`)}` : sql``;
  const keyList = keys.length > 0 ? sql`${sql.join(keys.map((key, i) => sql`${key} AS ${sql.ref(`k${i}`)}`))}, ` : sql``;
  const groupBy = keys.length > 0 ? sql`GROUP BY ${sql.join(keys)}` : sql``;
  const column = sql.ref(`${source.a}.${source.column}`);
  const { rows } = await sql<Record<string, number | string | null>>`
    SELECT ${keyList}${source.select}
    FROM ${source.from} ${team}
    WHERE ${sql.ref(`${source.a}.company_id`)} = ${companyId} AND ${source.where}
      AND ${column} >= ${report.from * DAY} AND ${column} < ${(report.to + 1) * DAY}
    ${groupBy}`.execute(db);
  return rows;
}

const n = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const count = (condition: RawBuilder<unknown>) => sql`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** The report's counters from raw rows, by key, and the company's total over the period (each row once). */
export async function rawReport(db: Kysely<Database>, companyId: number, report: BenchReport): Promise<RawResult> {
  const result: RawResult = { rows: new Map(), total: zeroCounters() };
  const interactions = sql`interactions i`;
  const production = sql`i.is_test = 0`;
  const sources = [
    {
      from: interactions, a: 'i', column: 'response_received_at' as const, where: sql`${production} AND i.is_recovery = 0`,
      select: sql`COUNT(*) AS responses, ${sql.join([1, 2, 3, 4, 5].map((s) => sql`${count(sql`i.star_rating = ${sql.lit(s)}`)} AS ${sql.ref(`star_${s}`)}`))},
        ${count(sql`i.nps_score IS NOT NULL`)} AS nps_count, ${count(sql`i.nps_score >= 9`)} AS nps_promoters, ${count(sql`i.nps_score <= 6`)} AS nps_detractors,
        ${count(sql`i.resolved IS NOT NULL`)} AS fcr_count, ${count(sql`i.resolved = 1`)} AS fcr_yes`,
    },
    { from: interactions, a: 'i', column: 'sent_at' as const, where: sql`${production} AND i.is_recovery = 0`, select: sql`COUNT(*) AS delivered` },
    { from: interactions, a: 'i', column: 'sent_at' as const, where: sql`${production} AND i.is_recovery = 1`, select: sql`COUNT(*) AS recoveries_sent` },
    {
      from: sql`interactions i LEFT JOIN interactions p ON p.id = i.parent_id AND p.company_id = i.company_id`, a: 'i', column: 'response_received_at' as const,
      where: sql`${production} AND i.is_recovery = 1`,
      select: sql`COUNT(*) AS recoveries_answered, ${count(sql`i.star_rating IS NOT NULL AND p.star_rating IS NOT NULL`)} AS recovery_rated,
        SUM(CASE WHEN i.star_rating IS NOT NULL AND p.star_rating IS NOT NULL THEN p.star_rating ELSE 0 END) AS recovery_first_star_sum,
        SUM(CASE WHEN i.star_rating IS NOT NULL AND p.star_rating IS NOT NULL THEN i.star_rating ELSE 0 END) AS recovery_star_sum,
        ${count(sql`i.star_rating IS NOT NULL AND p.star_rating IS NOT NULL AND i.star_rating > p.star_rating`)} AS recovery_improved`,
    },
    {
      from: sql`qa_reviews q`, a: 'q', column: 'completed_at' as const, where: sql`q.count_toward_score = 1 AND q.score IS NOT NULL`,
      select: sql`COUNT(*) AS qa_reviews, SUM(CAST(ROUND(q.score * 1000) AS BIGINT)) AS qa_score_milli`,
    },
    { from: sql`coaching_sessions c`, a: 'c', column: 'created_at' as const, where: sql`1 = 1`, select: sql`COUNT(*) AS coaching_sessions` },
  ];
  const keyed = report.groupBy.length > 0;
  for (const source of sources) {
    const add = (into: Counters, row: Record<string, unknown>) => {
      const counters: Partial<Counters> = {};
      for (const [name, value] of Object.entries(row)) if (!/^k\d$/.test(name)) counters[name as keyof Counters] = n(value);
      addCounters(into, counters);
    };
    for (const row of await grouped(db, report, companyId, source)) {
      if (!keyed) {
        add(result.total, row);
        continue;
      }
      const key = report.groupBy.map((_, i) => String(n(row[`k${i}`]))).join('|');
      let counters = result.rows.get(key);
      if (!counters) result.rows.set(key, (counters = zeroCounters()));
      add(counters, row);
    }
    // The total counts each row once: an agent in two teams is in both teams' rows, so a team report sums its rows' sources anew.
    if (report.groupBy.includes('team')) for (const row of await grouped(db, { ...report, groupBy: [] }, companyId, source)) add(result.total, row);
  }
  if (keyed && !report.groupBy.includes('team')) for (const counters of result.rows.values()) addCounters(result.total, counters);
  return result;
}
