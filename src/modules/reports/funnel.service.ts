import { interactionFilter } from '../access/policy.ts';
import type { Scope } from '../access/scope.ts';
import type { FunnelRepository } from './funnel.repository.ts';
import type { FunnelQueryInput, FunnelView } from './funnel.schemas.ts';
import { dayStart, isoDay } from './local-time.ts';
import { period } from './report-period.ts';

/** The survey completion funnel of a period, within the viewer's scope (as the metrics report). */
export class FunnelService {
  constructor(private readonly repository: FunnelRepository) {}

  async funnel(scope: Scope, query: FunnelQueryInput): Promise<FunnelView> {
    const timeZone = scope.company.settings.time_zone;
    const { fromDay, toDay } = period(query.from, query.to, timeZone);
    const { isTest, employeeIds } = interactionFilter(scope);
    const counts = await this.repository.counts(scope.company.id, { isTest, employeeIds, fromMs: dayStart(fromDay, timeZone), toMs: dayStart(toDay + 1, timeZone) });
    const step = (count: number) => ({ count, percent: counts.delivered === 0 ? null : Math.round((count / counts.delivered) * 1000) / 10 });
    return {
      from: isoDay(fromDay),
      to: isoDay(toDay),
      time_zone: timeZone,
      delivered: step(counts.delivered),
      opened_or_clicked: step(counts.openedOrClicked),
      answered_follow_up: step(counts.answeredFollowUp),
      finished: step(counts.finished),
    };
  }
}
