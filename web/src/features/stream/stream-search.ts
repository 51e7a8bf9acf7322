import type { StreamFilter } from '../../lib/api-types.ts';

/*
 * The Stream's filters as they live in the URL (so a filtered Stream is a bookmark): repeated
 * parameters like the API's (?channel=chat&channel=email&stars=1), a period preset or custom
 * dates (YYYY-MM-DD, the reader's days), and nothing for the defaults (30 days, no filter).
 */

export type Period = '7' | '30' | '90' | 'custom';
export const PERIODS: Period[] = ['7', '30', '90', 'custom'];

export interface StreamSearch {
  period?: Exclude<Period, '30'>;
  from?: string;
  to?: string;
  channel?: string[];
  brand?: number[];
  stars?: number[];
  comment?: true;
  agent?: number[];
  team?: number[];
  /** Drill-down from a report: members of these groups, interactions with any of these tags, first surveys (false) or recoveries (true) only. */
  group?: number[];
  tag?: string[];
  recovery?: boolean;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String).filter(Boolean);
const ids = (value: unknown, max = Number.MAX_SAFE_INTEGER): number[] | undefined => {
  const numbers = [...new Set(list(value).filter((item) => /^\d+$/.test(item)).map(Number).filter((n) => n >= 1 && n <= max))];
  return numbers.length ? numbers : undefined;
};
const day = (value: unknown): string | undefined =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
/** A custom bound: a day of the reader's (YYYY-MM-DD), or an exact instant (a report's day bounds in the company's time zone). */
const bound = (value: unknown): string | undefined =>
  day(value) ?? (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined);

/** Whether a custom bound is an exact instant rather than a day. */
export const isInstant = (value: string | undefined): boolean => Boolean(value && value.length > 10);

/** validateSearch of the Stream route: anything odd in a hand-edited URL is dropped, never an error. */
export function validateStreamSearch(raw: Record<string, unknown>): StreamSearch {
  const search: StreamSearch = {};
  const period = String(raw.period ?? '');
  if (period === '7' || period === '90') search.period = period;
  if (period === 'custom') {
    search.period = 'custom';
    search.from = bound(raw.from);
    search.to = bound(raw.to);
  }
  const channel = [...new Set(list(raw.channel))].slice(0, 100);
  if (channel.length) search.channel = channel;
  search.brand = ids(raw.brand);
  search.stars = ids(raw.stars, 5)?.sort();
  if (String(raw.comment) === 'true') search.comment = true;
  search.agent = ids(raw.agent);
  search.team = ids(raw.team);
  search.group = ids(raw.group);
  const tag = [...new Set(list(raw.tag))].slice(0, 100);
  if (tag.length) search.tag = tag;
  if (String(raw.recovery) === 'true') search.recovery = true;
  if (String(raw.recovery) === 'false') search.recovery = false;
  for (const key of Object.keys(search) as (keyof StreamSearch)[]) if (search[key] === undefined) delete search[key];
  return search;
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function localDay(text: string, endOfDay: boolean): Date {
  if (isInstant(text)) return new Date(text);
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return endOfDay ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
}

/** The period in instants: presets start at midnight N days ago (stable all day, so queries stay cached). */
export function periodRange(search: StreamSearch, today = new Date()): { from: string; to?: string } {
  if (search.period === 'custom' && search.from) {
    return { from: localDay(search.from, false).toISOString(), to: search.to ? localDay(search.to, true).toISOString() : undefined };
  }
  const days = search.period === '7' ? 7 : search.period === '90' ? 90 : 30;
  const from = startOfDay(today);
  from.setDate(from.getDate() - days);
  return { from: from.toISOString() };
}

/** The API's filter query for this URL. */
export function toApiFilter(search: StreamSearch): StreamFilter {
  return {
    ...periodRange(search),
    channel: search.channel,
    brand: search.brand,
    stars: search.stars,
    comment: search.comment,
    agent: search.agent,
    team: search.team,
    group: search.group,
    tag: search.tag,
    recovery: search.recovery,
  };
}

/** True when something narrows the Stream beyond the default period. */
export function hasFilters(search: StreamSearch): boolean {
  return Boolean(search.channel || search.brand || search.stars || search.comment || search.agent || search.team || search.period || search.group || search.tag || search.recovery !== undefined);
}
