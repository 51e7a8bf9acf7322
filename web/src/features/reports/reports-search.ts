import { dayStart, isoDay, localDay, monthOf, monthStart, parseIsoDay } from '../../../../src/modules/reports/local-time.ts';
import type { ReportOptions, ReportQuery } from '../../lib/api-types.ts';

/*
 * The reports' filters as they live in the URL (a filtered report is a bookmark): a period preset
 * or custom days (YYYY-MM-DD, days of the company's time zone), multi-valued filters as repeated
 * parameters (ids for teams, groups, brands and employees; names for channels and tags), and the
 * trend's metric and bucket. Nothing for the defaults.
 */

export const PERIODS = ['7', '30', '90', 'this-month', 'last-month', 'custom'] as const;
export type ReportPeriod = (typeof PERIODS)[number];
export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The figures a card, a chart or a column can show, in the order the dashboard shows them. */
export const METRICS = [
  'responses', 'response_rate', 'star_rating_avg', 'five_star_pct', 'positive_pct', 'negative_pct', 'nps', 'fcr_pct', 'qa_score_avg', 'coaching_sessions',
] as const;
export type Metric = (typeof METRICS)[number];

export interface ReportFilters {
  period?: Exclude<ReportPeriod, '30'>;
  from?: string;
  to?: string;
  team?: number[];
  group?: number[];
  channel?: string[];
  brand?: number[];
  tag?: string[];
  employee?: number[];
}

export interface DashboardSearch extends ReportFilters {
  metric?: Exclude<Metric, 'star_rating_avg'>;
  bucket?: Exclude<Bucket, 'day'>;
}

export const SORTABLE = ['name', ...METRICS] as const;
export type SortKey = (typeof SORTABLE)[number];

export interface TeamSearch extends ReportFilters {
  sort?: SortKey;
  dir?: 'asc' | 'desc';
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String).filter(Boolean);
const ids = (value: unknown): number[] | undefined => {
  const numbers = [...new Set(list(value).filter((item) => /^\d{1,15}$/.test(item)).map(Number).filter((n) => n >= 1))];
  return numbers.length ? numbers : undefined;
};
const names = (value: unknown): string[] | undefined => {
  const values = [...new Set(list(value))].slice(0, 100);
  return values.length ? values : undefined;
};
const day = (value: unknown): string | undefined => (typeof value === 'string' && parseIsoDay(value) !== undefined ? value : undefined);

function clean<T extends object>(search: T): T {
  for (const key of Object.keys(search) as (keyof T)[]) if (search[key] === undefined) delete search[key];
  return search;
}

/** The filters of a hand-edited URL: anything odd is dropped, never an error. */
export function validateReportFilters(raw: Record<string, unknown>): ReportFilters {
  const search: ReportFilters = {};
  const period = String(raw.period ?? '');
  if ((PERIODS as readonly string[]).includes(period) && period !== '30') search.period = period as ReportFilters['period'];
  if (search.period === 'custom') {
    search.from = day(raw.from);
    search.to = day(raw.to);
    if (!search.from || !search.to || search.from > search.to) search.period = undefined;
  }
  search.team = ids(raw.team);
  search.group = ids(raw.group);
  search.channel = names(raw.channel);
  search.brand = ids(raw.brand);
  search.tag = names(raw.tag);
  search.employee = ids(raw.employee);
  if (search.period !== 'custom') { search.from = undefined; search.to = undefined; }
  return clean(search);
}

export function validateDashboardSearch(raw: Record<string, unknown>): DashboardSearch {
  const search: DashboardSearch = validateReportFilters(raw);
  const metric = String(raw.metric ?? '');
  if ((METRICS as readonly string[]).includes(metric) && metric !== 'star_rating_avg') search.metric = metric as DashboardSearch['metric'];
  if (raw.bucket === 'week' || raw.bucket === 'month') search.bucket = raw.bucket;
  return search;
}

export function validateTeamSearch(raw: Record<string, unknown>): TeamSearch {
  const search: TeamSearch = validateReportFilters(raw);
  const sort = String(raw.sort ?? '');
  if ((SORTABLE as readonly string[]).includes(sort)) search.sort = sort as SortKey;
  if (raw.dir === 'asc' || raw.dir === 'desc') search.dir = raw.dir;
  return search;
}

/** A period as local days of the company's time zone (both inclusive). */
export interface DayRange { from: number; to: number }

/** The period's days in `timeZone`, as of `now`. Presets end today; months are calendar months. */
export function periodDays(filters: ReportFilters, timeZone: string, now = Date.now()): DayRange {
  const today = localDay(now, timeZone);
  switch (filters.period) {
    case 'custom':
      return { from: parseIsoDay(filters.from!) ?? today, to: parseIsoDay(filters.to!) ?? today };
    case '7':
      return { from: today - 6, to: today };
    case '90':
      return { from: today - 89, to: today };
    case 'this-month':
      return { from: monthStart(monthOf(today)), to: today };
    case 'last-month': {
      const first = monthStart(monthOf(today) - 1);
      return { from: first, to: monthStart(monthOf(today)) - 1 };
    }
    default:
      return { from: today - 29, to: today };
  }
}

/** The days just before, of the same length (what compare=previous reports). */
export function previousDays(range: DayRange): DayRange {
  const length = range.to - range.from + 1;
  return { from: range.from - length, to: range.from - 1 };
}

/** The days a trend bucket key (a day, the Monday of a week, the first of a month) covers, within the period. */
export function bucketDays(bucket: Bucket, key: string, period: DayRange): DayRange {
  const start = parseIsoDay(key)!;
  const end = bucket === 'day' ? start : bucket === 'week' ? start + 6 : monthStart(monthOf(start) + 1) - 1;
  return { from: Math.max(start, period.from), to: Math.min(end, period.to) };
}

/** The instants a range of local days runs over: from the first day's start to 1 ms before the day after the last. */
export function instants(range: DayRange, timeZone: string): { from: string; to: string } {
  return { from: new Date(dayStart(range.from, timeZone)).toISOString(), to: new Date(dayStart(range.to + 1, timeZone) - 1).toISOString() };
}

/**
 * The reports API's query for these filters and days: groups and brands go by name there
 * (names from the options), everything else as in the URL.
 */
export function toReportQuery(filters: ReportFilters, range: DayRange, options: ReportOptions | undefined): ReportQuery {
  const groupNames = filters.group?.map((id) => options?.groups.find((g) => g.id === id)?.name).filter((name): name is string => Boolean(name));
  const brandNames = filters.brand?.map((id) => options?.brands.find((b) => b.id === id)?.name).filter((name): name is string => Boolean(name));
  return clean({
    from: isoDay(range.from),
    to: isoDay(range.to),
    employee: filters.employee,
    team: filters.team,
    group: groupNames?.length ? groupNames : undefined,
    channel: filters.channel,
    brand: brandNames?.length ? brandNames : undefined,
    tag: filters.tag,
  });
}

/** Just the filters (for links between the dashboard and the team view, which share them). */
export function filtersOf(search: ReportFilters): ReportFilters {
  const { period, from, to, team, group, channel, brand, tag, employee } = search;
  return clean({ period, from, to, team, group, channel, brand, tag, employee });
}

export function hasReportFilters(search: ReportFilters): boolean {
  return Boolean(search.team || search.group || search.channel || search.brand || search.tag || search.employee);
}

export { isoDay };
