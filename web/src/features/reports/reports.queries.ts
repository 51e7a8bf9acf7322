import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, toQueryString } from '../../lib/api-client.ts';
import type { MetricsReport, ReportAverages, ReportOptions, ReportQuery, SurveyFunnel } from '../../lib/api-types.ts';

/** The filter choices within the viewer's scope (and the company's time zone the days are in). */
export const reportOptionsQuery = queryOptions({
  queryKey: ['reports', 'options'],
  queryFn: ({ signal }) => api<ReportOptions>('/app/api/reports/options', { signal }),
  staleTime: 5 * 60_000,
});

/** A metrics report; the previous data stays on screen while new filters load. */
export const metricsQuery = (query: ReportQuery & { group_by?: string; compare?: 'previous' }) =>
  queryOptions({
    queryKey: ['reports', 'metrics', query],
    queryFn: ({ signal }) => api<MetricsReport>('/app/api/reports/metrics', { query, signal }),
    placeholderData: keepPreviousData,
  });

export const averagesQuery = (query: { from: string; to: string; channel?: string[] }) =>
  queryOptions({
    queryKey: ['reports', 'averages', query],
    queryFn: ({ signal }) => api<ReportAverages>('/app/api/reports/averages', { query, signal }),
    placeholderData: keepPreviousData,
  });

/** The survey completion funnel of a period (first surveys by the day they were sent). */
export const funnelQuery = (query: { from: string; to: string }) =>
  queryOptions({
    queryKey: ['reports', 'funnel', query],
    queryFn: ({ signal }) => api<SurveyFunnel>('/app/api/reports/funnel', { query, signal }),
    placeholderData: keepPreviousData,
  });

/** The address of the CSV of a report (the same query, format=csv), for an <a download>. */
export function csvHref(query: ReportQuery & { group_by?: string }): string {
  return `/app/api/reports/metrics${toQueryString({ ...query, format: 'csv' })}`;
}
