import { isoDayOrUndefined, type PeriodPreset } from '../../lib/report-period.ts';

/*
 * The service recovery page's choices in the URL: ?period=last-30&team=4&channel=chat&view=table.
 * Defaults are left out (the last 90 days, so the weekly trend has a quarter of weeks; no filter;
 * the chart).
 */

export const RECOVERY_PERIODS: readonly PeriodPreset[] = ['this-month', 'last-30', 'last-90', 'custom'];
export const DEFAULT_RECOVERY_PERIOD: PeriodPreset = 'last-90';

export interface RecoverySearch {
  period?: PeriodPreset;
  from?: string;
  to?: string;
  team?: number[];
  channel?: string[];
  /** The weekly trend as a table instead of a chart. */
  view?: 'table';
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String).filter(Boolean);

export function validateRecoverySearch(raw: Record<string, unknown>): RecoverySearch {
  const search: RecoverySearch = {};
  const period = String(raw.period ?? '');
  if (period !== DEFAULT_RECOVERY_PERIOD && (RECOVERY_PERIODS as readonly string[]).includes(period)) search.period = period as PeriodPreset;
  if (search.period === 'custom') {
    search.from = isoDayOrUndefined(raw.from);
    search.to = isoDayOrUndefined(raw.to);
  }
  const team = [...new Set(list(raw.team).filter((item) => /^\d{1,15}$/.test(item)).map(Number).filter((n) => n >= 1))].slice(0, 100);
  if (team.length) search.team = team;
  const channel = [...new Set(list(raw.channel))].slice(0, 100);
  if (channel.length) search.channel = channel;
  if (raw.view === 'table') search.view = 'table';
  for (const key of Object.keys(search) as (keyof RecoverySearch)[]) if (search[key] === undefined) delete search[key];
  return search;
}
