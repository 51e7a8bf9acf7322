import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { localDay } from '../../../../src/modules/reports/local-time.ts';
import { reportOptionsQuery } from './reports.queries.ts';
import { periodDays, previousDays, toReportQuery, type ReportFilters } from './reports-search.ts';

/**
 * What every report page starts from: the filter choices and the company's time zone, the
 * period's local days (and the previous period's), and the reports API's query for them.
 */
export function useReportFrame(filters: ReportFilters) {
  const options = useQuery(reportOptionsQuery);
  const data = options.data;
  // Presets end today: recomputed when the company's local day changes, not on every render.
  const today = data ? localDay(Date.now(), data.time_zone) : undefined;
  const key = JSON.stringify(filters);
  const frame = useMemo(() => {
    if (!data) return { range: undefined, previous: undefined, query: undefined };
    const range = periodDays(filters, data.time_zone);
    return { range, previous: previousDays(range), query: toReportQuery(filters, range, data) };
    // `key` is the filters, serialised.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, data, today]);
  return { options, timeZone: data?.time_zone, ...frame };
}
