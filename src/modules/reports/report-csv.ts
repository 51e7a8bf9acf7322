import { stringify } from 'csv-stringify/sync';
import type { MetricsReportView } from './reports.schemas.ts';
import { Figures } from './reports.schemas.ts';

type Key = MetricsReportView['rows'][number]['key'];

/** The key columns of each slice, in the order of group_by. */
const KEY_COLUMNS: Record<MetricsReportView['group_by'][number], (key: Key) => Record<string, string | number | null>> = {
  employee: (key) => ({ employee_id: key.employee?.id ?? null, employee_custom_id: key.employee?.custom_id ?? null, employee_email: key.employee?.email ?? null, employee_name: key.employee?.name ?? null }),
  team: (key) => ({ team_leader_id: key.team?.leader.id ?? null, team_leader_email: key.team?.leader.email ?? null, team_leader_name: key.team?.leader.name ?? null }),
  group: (key) => ({ group_id: key.group?.id ?? null, group_name: key.group?.name ?? null }),
  channel: (key) => ({ channel: key.channel ?? null }),
  brand: (key) => ({ brand_id: key.brand?.id ?? null, brand_name: key.brand?.name ?? null }),
  tag: (key) => ({ tag: key.tag ?? null }),
  day: (key) => ({ day: key.day ?? null }),
  week: (key) => ({ week: key.week ?? null }),
  month: (key) => ({ month: key.month ?? null }),
};

const FIGURE_COLUMNS = Object.keys(Figures.properties) as (keyof typeof Figures.properties)[];

/**
 * One line per row (one per period total when there is no group_by): the slice columns, then
 * every figure; empty cells for null. Spreadsheets and BI tools read it as is.
 */
export function reportCsv(report: MetricsReportView): string {
  const rows = report.group_by.length === 0 ? [{ key: {}, ...report.total }] : report.rows;
  const records = rows.map((row) => {
    const keys = Object.assign({}, ...report.group_by.map((slice) => KEY_COLUMNS[slice](row.key))) as Record<string, unknown>;
    return { ...keys, ...Object.fromEntries(FIGURE_COLUMNS.map((name) => [name, row[name]])) };
  });
  const columns = [...report.group_by.flatMap((slice) => Object.keys(KEY_COLUMNS[slice]({}))), ...FIGURE_COLUMNS];
  return stringify(records, { header: true, columns, cast: { number: (value) => String(value) } });
}

export function wantsCsv(accept: string | undefined, format: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return accept !== undefined && /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}
