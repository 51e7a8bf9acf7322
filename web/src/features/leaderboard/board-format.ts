import { formatNumber, formatPercent } from '../../lib/format.ts';
import type { BoardMetric } from './leaderboard-search.ts';

/** A metric's value as people read it: 4.83, 92.5 %, 41 (NPS). */
export function formatMetric(metric: BoardMetric, value: number, locale: string): string {
  if (metric === 'star_rating_avg') return formatNumber(value, locale, 2);
  if (metric === 'nps') return formatNumber(value, locale, Number.isInteger(value) ? 0 : 1);
  return formatPercent(value, locale, 1);
}

/** Where a value sits on its metric's scale, 0 to 1 (the bar behind it). */
export function scaleOf(metric: BoardMetric, value: number): number {
  const share = metric === 'star_rating_avg' ? value / 5 : metric === 'nps' ? (value + 100) / 200 : value / 100;
  return Math.min(1, Math.max(0, share));
}

/** Star metrics count star ratings; NPS and FCR count their own answers. */
export const countsRatings = (metric: BoardMetric) => metric !== 'nps' && metric !== 'fcr_pct';
