import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { MetricsReport, ReportQuery } from '../../lib/api-types.ts';

/** The metrics of the viewer's scope (GET /app/api/reports/metrics); the recovery page reads the recoveries_* and recovery_star_* figures. */
export const metricsQuery = (query: ReportQuery) =>
  queryOptions({
    queryKey: ['reports', 'metrics', query],
    queryFn: ({ signal }) => api<MetricsReport>('/app/api/reports/metrics', { query, signal }),
    placeholderData: keepPreviousData,
  });
