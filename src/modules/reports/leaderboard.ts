import type { FiguresView } from './counters.ts';
import type { LeaderboardMetric, LeaderboardView } from './reports.schemas.ts';

type Entry = LeaderboardView['ranked'][number];

/** The answers each metric is computed from (what min_responses counts). */
const BASIS: Record<LeaderboardMetric, keyof FiguresView> = {
  star_rating_avg: 'star_ratings',
  five_star_pct: 'star_ratings',
  positive_pct: 'star_ratings',
  fcr_pct: 'fcr_responses',
  nps: 'nps_responses',
};

/**
 * Ranks agents by a metric, best first; equal values share a rank (1, 2, 2, 4). Agents with fewer
 * than `minResponses` answers behind the metric (but at least one) are listed unranked, by name.
 */
export function rankLeaderboard(
  entries: readonly { employee: Entry['employee']; figures: FiguresView }[],
  metric: LeaderboardMetric,
  minResponses: number,
): Pick<LeaderboardView, 'ranked' | 'unranked'> {
  const rows = entries
    .map(({ employee, figures }) => ({ employee, value: figures[metric], responses: Number(figures[BASIS[metric]] ?? 0) }))
    .filter((row) => row.responses > 0);
  const byName = (a: { employee: { name: string; id: number } }, b: { employee: { name: string; id: number } }) =>
    a.employee.name.localeCompare(b.employee.name) || a.employee.id - b.employee.id;
  const eligible = rows.filter((row) => row.value !== null && row.responses >= Math.max(1, minResponses));
  eligible.sort((a, b) => b.value! - a.value! || b.responses - a.responses || byName(a, b));
  const ranked: Entry[] = [];
  for (const [index, row] of eligible.entries()) {
    const rank = index > 0 && eligible[index - 1].value === row.value ? ranked[index - 1].rank : index + 1;
    ranked.push({ rank, ...row });
  }
  const unranked = rows.filter((row) => !eligible.includes(row)).sort(byName).map((row): Entry => ({ rank: null, ...row }));
  return { ranked, unranked };
}
