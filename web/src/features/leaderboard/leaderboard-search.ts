import { isoDayOrUndefined, type PeriodPreset } from '../../lib/report-period.ts';

/*
 * The leaderboard's choices as they live in the URL, so that a URL is a board to put on a TV:
 * ?metric=nps&period=last-week&team=4&group=2&channel=chat&min_responses=10&tv=1&refresh=60.
 * Defaults are left out (star average, this month, 5 responses, no filter, not TV). Anything odd
 * in a hand-edited URL is dropped, never an error.
 */

export const LEADERBOARD_METRICS = ['star_rating_avg', 'five_star_pct', 'positive_pct', 'fcr_pct', 'nps'] as const;
export type BoardMetric = (typeof LEADERBOARD_METRICS)[number];
export const BOARD_PERIODS: readonly PeriodPreset[] = ['this-week', 'last-week', 'this-month', 'last-30', 'custom'];

export const DEFAULT_METRIC: BoardMetric = 'star_rating_avg';
export const DEFAULT_PERIOD: PeriodPreset = 'this-month';
export const DEFAULT_MIN_RESPONSES = 5;
/** TV mode reloads the board this often (seconds) unless the URL says otherwise (refresh=, 2 to 3600). */
export const DEFAULT_REFRESH = 60;
export const MIN_REFRESH = 2;
export const MAX_REFRESH = 3600;
export const MAX_MIN_RESPONSES = 100_000;

export interface LeaderboardSearch {
  metric?: Exclude<BoardMetric, typeof DEFAULT_METRIC>;
  period?: PeriodPreset;
  from?: string;
  to?: string;
  /** Team leaders' ids: their teams. */
  team?: number[];
  /** Group ids (the API takes their names; the page maps them). */
  group?: number[];
  channel?: string[];
  min_responses?: number;
  /** TV mode: full screen, large type, reloads itself. */
  tv?: 1;
  refresh?: number;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String).filter(Boolean);
const ids = (value: unknown): number[] | undefined => {
  const numbers = [...new Set(list(value).filter((item) => /^\d{1,15}$/.test(item)).map(Number).filter((n) => n >= 1))];
  return numbers.length ? numbers.slice(0, 100) : undefined;
};
const integer = (value: unknown, min: number, max: number): number | undefined => {
  const text = String(value ?? '');
  if (!/^\d{1,7}$/.test(text)) return undefined;
  return Math.min(max, Math.max(min, Number(text)));
};

export function validateLeaderboardSearch(raw: Record<string, unknown>): LeaderboardSearch {
  const search: LeaderboardSearch = {};
  const metric = String(raw.metric ?? '');
  if (metric !== DEFAULT_METRIC && (LEADERBOARD_METRICS as readonly string[]).includes(metric)) search.metric = metric as LeaderboardSearch['metric'];
  const period = String(raw.period ?? '');
  if (period !== DEFAULT_PERIOD && (BOARD_PERIODS as readonly string[]).includes(period)) search.period = period as PeriodPreset;
  if (search.period === 'custom') {
    search.from = isoDayOrUndefined(raw.from);
    search.to = isoDayOrUndefined(raw.to);
  }
  search.team = ids(raw.team);
  search.group = ids(raw.group);
  const channel = [...new Set(list(raw.channel))].slice(0, 100);
  if (channel.length) search.channel = channel;
  const min = integer(raw.min_responses, 0, MAX_MIN_RESPONSES);
  if (min !== undefined && min !== DEFAULT_MIN_RESPONSES) search.min_responses = min;
  if (raw.tv === '1' || raw.tv === 'true' || raw.tv === true || raw.tv === 1) search.tv = 1;
  const refresh = integer(raw.refresh, MIN_REFRESH, MAX_REFRESH);
  if (refresh !== undefined && refresh !== DEFAULT_REFRESH) search.refresh = refresh;
  for (const key of Object.keys(search) as (keyof LeaderboardSearch)[]) if (search[key] === undefined) delete search[key];
  return search;
}
