import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { Leaderboard, LeaderboardQuery, ReportOptions } from '../../lib/api-types.ts';

/** The report filters' choices within the viewer's scope (and the company's time zone). */
export const reportOptionsQuery = queryOptions({
  queryKey: ['reports', 'options'],
  queryFn: ({ signal }) => api<ReportOptions>('/app/api/reports/options', { signal }),
  staleTime: 5 * 60_000,
});

/**
 * The board. `refreshSeconds` (TV mode): reloaded that often while the tab is visible, and at once
 * when it becomes visible again; each answer replaces the last, so a board left on for days holds
 * one answer per query, never a growing list.
 */
export const leaderboardQuery = (query: LeaderboardQuery, refreshSeconds?: number) =>
  queryOptions({
    queryKey: ['reports', 'leaderboard', query],
    queryFn: ({ signal }) => api<Leaderboard>('/app/api/reports/leaderboard', { query, signal }),
    placeholderData: keepPreviousData,
    ...(refreshSeconds
      ? { refetchInterval: refreshSeconds * 1000, refetchIntervalInBackground: false, refetchOnWindowFocus: 'always' as const, staleTime: 0 }
      : {}),
  });
