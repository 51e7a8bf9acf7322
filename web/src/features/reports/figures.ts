import { formatNumber } from '../../lib/format.ts';
import type { ReportFigures } from '../../lib/api-types.ts';
import type { Metric } from './reports-search.ts';

/** Percentages (0-100) and their changes in percentage points. */
const PERCENT: ReadonlySet<Metric> = new Set(['response_rate', 'five_star_pct', 'positive_pct', 'negative_pct', 'fcr_pct', 'qa_score_avg']);
/** Figures where less is better. */
const LOWER_IS_BETTER: ReadonlySet<Metric> = new Set(['negative_pct']);
/** Figures that have no channel, brand or tag (QA reviews, coaching sessions). */
export const EMPLOYEE_ONLY: ReadonlySet<Metric> = new Set(['qa_score_avg', 'coaching_sessions']);

export function figureOf(figures: ReportFigures | undefined | null, metric: Metric): number | null {
  if (!figures) return null;
  const value = figures[metric];
  return value === undefined ? null : value;
}

const percents = new Map<string, Intl.NumberFormat>();
function percent(locale: string): Intl.NumberFormat {
  let format = percents.get(locale);
  if (!format) percents.set(locale, (format = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })));
  return format;
}

/** A figure as people read it (fixed decimals, so columns line up): counts whole, stars with 2 decimals, percentages and NPS with 1. */
export function formatFigure(metric: Metric, value: number | null, locale: string, none = '—'): string {
  if (value === null) return none;
  if (PERCENT.has(metric)) return percent(locale).format(value / 100);
  if (metric === 'star_rating_avg') return formatNumber(value, locale, 2);
  if (metric === 'nps') return formatNumber(value, locale, 1);
  return formatNumber(value, locale);
}

export interface Change {
  /** The difference, formatted without sign ("2.5 pts", "0.12", "14"). */
  text: string;
  direction: 'up' | 'down' | 'same';
  /** Whether the change is good news, bad news or neither. */
  tone: 'positive' | 'negative' | 'neutral';
}

/** The change from the previous period's figure, or null when either is missing. */
export function changeOf(metric: Metric, current: number | null, previous: number | null, locale: string, points: (value: string) => string): Change | null {
  if (current === null || previous === null) return null;
  const digits = metric === 'star_rating_avg' ? 2 : PERCENT.has(metric) || metric === 'nps' ? 1 : 0;
  const delta = Math.round((current - previous) * 10 ** digits) / 10 ** digits;
  const magnitude = formatNumber(Math.abs(delta), locale, digits);
  const text = PERCENT.has(metric) || metric === 'nps' ? points(magnitude) : magnitude;
  if (delta === 0) return { text, direction: 'same', tone: 'neutral' };
  const better = LOWER_IS_BETTER.has(metric) ? delta < 0 : delta > 0;
  return { text, direction: delta > 0 ? 'up' : 'down', tone: metric === 'responses' || metric === 'coaching_sessions' ? 'neutral' : better ? 'positive' : 'negative' };
}
