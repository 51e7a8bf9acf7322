import type { StreamSearch } from '../stream/stream-search.ts';
import { instants, type DayRange, type Metric, type ReportFilters } from './reports-search.ts';

/*
 * From a figure to the responses behind it: the Stream (`/`) with the report's filters, the exact
 * instants of its local days in the company's time zone, first surveys only (recoveries have their
 * own figures), and the star ratings a percentage counts.
 */

/** The star ratings whose count a percentage divides (its numerator's responses). */
const STARS: Partial<Record<Metric, number[]>> = {
  five_star_pct: [5],
  positive_pct: [4, 5],
  negative_pct: [1, 2, 3],
};

/** QA reviews and coaching sessions are not responses: they open nothing in the Stream. */
export function drillable(metric: Metric): boolean {
  return metric !== 'qa_score_avg' && metric !== 'coaching_sessions';
}

/** The Stream's search showing exactly the responses behind `metric` of these filters and days (and, for a row, its agent or channel). */
export function streamSearchFor(filters: ReportFilters, range: DayRange, timeZone: string, metric: Metric, row: { employee?: number; channel?: string } = {}): StreamSearch {
  const { from, to } = instants(range, timeZone);
  const search: StreamSearch = {
    period: 'custom',
    from,
    to,
    agent: row.employee !== undefined ? [row.employee] : filters.employee,
    team: filters.team,
    group: filters.group,
    channel: row.channel !== undefined ? [row.channel] : filters.channel,
    brand: filters.brand,
    tag: filters.tag,
    recovery: false,
    stars: STARS[metric],
  };
  for (const key of Object.keys(search) as (keyof StreamSearch)[]) if (search[key] === undefined) delete search[key];
  return search;
}
