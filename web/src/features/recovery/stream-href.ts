import { stringifySearch } from '../../app/search-params.ts';
import type { DayRange } from '../../lib/report-period.ts';

/**
 * The Stream's address for the recoveries behind a figure: ?recovery=true, the period's days and
 * the same filters (agent, team, channel). Built as a plain URL: the Stream reads `recovery` itself.
 */
export function recoveryStreamHref(range: DayRange, filters: { agent?: number; team?: number[]; channel?: string[] }): string {
  return `/${stringifySearch({
    recovery: 'true',
    period: 'custom',
    from: range.from,
    to: range.to,
    agent: filters.agent,
    team: filters.team,
    channel: filters.channel,
  })}`;
}
