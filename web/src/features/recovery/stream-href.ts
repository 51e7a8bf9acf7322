import { dayStart, parseIsoDay } from '../../../../src/modules/reports/local-time.ts';
import { stringifySearch } from '../../app/search-params.ts';
import type { DayRange } from '../../lib/report-period.ts';

/**
 * The Stream's address for the recoveries behind a figure: ?recovery=true, the exact instants the
 * period's days begin and end in the company's time zone, and the same filters (agent, team, channel).
 */
export function recoveryStreamHref(range: DayRange, timeZone: string, filters: { agent?: number; team?: number[]; channel?: string[] }): string {
  const first = parseIsoDay(range.from)!;
  const last = parseIsoDay(range.to)!;
  return `/${stringifySearch({
    recovery: 'true',
    period: 'custom',
    from: new Date(dayStart(first, timeZone)).toISOString(),
    to: new Date(dayStart(last + 1, timeZone) - 1).toISOString(),
    agent: filters.agent,
    team: filters.team,
    channel: filters.channel,
  })}`;
}
