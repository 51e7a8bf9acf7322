import { ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { isoTimestamp } from '../../lib/json-text.ts';
import { can, interactionFilter } from '../access/policy.ts';
import { brandLabel } from '../companies/brand-display-name.ts';
import type { Scope } from '../access/scope.ts';
import { personView, presentCard, round, tally, type CardAnswer, type CardLookups } from './stream.presenter.ts';
import type { CardRow, StreamCriteria, StreamRepository, SummaryFigures } from './stream.repository.ts';
import type { StreamCardView, StreamFilter, StreamOptionsView, StreamPageView, StreamSummaryView } from './stream.schemas.ts';

export const DEFAULT_PERIOD_MS = 30 * 24 * 3_600_000;
export const DEFAULT_PAGE_SIZE = 25;
/** The answer of /app/api/feedback/:requestId for every response the viewer may not open (or that does not exist). */
export const NO_SUCH_FEEDBACK = 'Not Found: no feedback with this request id that you may see';

/** The Stream: cards, summary, filter choices and one response, always within the viewer's scope. */
export class StreamService {
  constructor(
    private readonly repository: StreamRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async page(scope: Scope, filter: StreamFilter & { before?: number; limit?: number }): Promise<StreamPageView> {
    const criteria = await this.criteria(scope, filter);
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.page(scope.company.id, criteria, filter.before, limit);
    return { cards: await this.cards(scope, rows), next_before: rows.length === limit ? rows[rows.length - 1].sequence_id : null };
  }

  async summary(scope: Scope, filter: StreamFilter): Promise<StreamSummaryView> {
    const criteria = await this.criteria(scope, filter);
    const rows = await this.repository.summary(scope.company.id, criteria);
    const figures = sumFigures(rows);
    const counted = (labels: string | null, count: number) => (labels === null ? [] : labels.split('\n').map((label) => [label, count] as const));
    const excellence = rows.flatMap((row) => counted(row.excellence_labels, row.responses));
    const improvement = rows.flatMap((row) => counted(row.improvement_labels, row.responses));
    const pct = (part: number, whole: number) => (whole === 0 ? null : round((part / whole) * 100, 1));
    return {
      from: isoTimestamp(criteria.from),
      to: isoTimestamp(criteria.to!),
      responses: figures.responses,
      star_rating_avg: figures.star_count === 0 ? null : round(figures.star_sum / figures.star_count, 2),
      positive_pct: pct(figures.s4 + figures.s5, figures.star_count),
      nps: figures.nps_count === 0 ? null : round(((figures.promoters - figures.detractors) / figures.nps_count) * 100, 1),
      nps_responses: figures.nps_count,
      resolved_pct: pct(figures.fcr_yes, figures.fcr_count),
      fcr_responses: figures.fcr_count,
      stars: { 1: figures.s1, 2: figures.s2, 3: figures.s3, 4: figures.s4, 5: figures.s5 },
      areas_of_excellence: tally(excellence),
      areas_of_improvement: tally(improvement),
    };
  }

  async options(scope: Scope): Promise<StreamOptionsView> {
    const companyId = scope.company.id;
    const { employeeIds } = interactionFilter(scope);
    const onlyOwn = employeeIds !== undefined && employeeIds.length <= 1;
    const leaders = onlyOwn ? [] : (await this.repository.leadersOf(companyId, employeeIds)).filter((id) => employeeIds === undefined || employeeIds.includes(id));
    const people = onlyOwn ? [] : await this.repository.people(companyId, employeeIds ? [...new Set([...employeeIds, ...leaders])] : undefined);
    const byId = new Map(people.map((person) => [person.id, person]));
    return {
      channels: [...scope.company.channels].sort(),
      brands: scope.company.brands.map((brand) => ({ id: brand.id, name: brandLabel(scope.company, brand.id) })),
      agents: people.filter((person) => employeeIds === undefined || employeeIds.includes(person.id)).map((person) => personView(person, person.id)),
      teams: leaders.map((id) => personView(byId.get(id), id)),
    };
  }

  /** One response, or 404 when it does not exist, is unanswered, or is outside the scope (the same answer). */
  async feedback(scope: Scope, requestId: string): Promise<StreamCardView> {
    const row = await this.repository.byUuid(scope.company.id, scope.testOnly, requestId);
    const visible = row && row.response_received_at !== null && can(scope, 'read-feedback', { companyId: scope.company.id, employeeId: row.employee_id, isTest: scope.testOnly });
    if (!row || !visible) throw new NotFoundError(NO_SUCH_FEEDBACK);
    return (await this.cards(scope, [row]))[0];
  }

  /** Matching responses changed after `after` up to `upTo` (oldest first), for the live stream. */
  async changedAfter(scope: Scope, criteria: StreamCriteria, after: number, upTo: number, limit: number): Promise<StreamCardView[]> {
    return this.cards(scope, await this.repository.after(scope.company.id, criteria, after, upTo, limit));
  }

  /** The last sequence id of each company. */
  sequenceHeads(companyIds: readonly number[]): Promise<Map<number, number>> {
    return this.repository.sequenceHeads(companyIds);
  }

  /**
   * The filters as repository criteria, within the scope: agent and team outside it are refused
   * (403 naming the parameter). `live`: no default end of the period (new answers keep coming).
   */
  async criteria(scope: Scope, filter: StreamFilter, live = false): Promise<StreamCriteria> {
    const companyId = scope.company.id;
    const scoped = interactionFilter(scope);
    const seen = scoped.employeeIds ? new Set(scoped.employeeIds) : undefined;
    let employeeIds = scoped.employeeIds ? [...scoped.employeeIds] : undefined;
    const narrow = (ids: number[]) => (employeeIds = employeeIds ? employeeIds.filter((id) => ids.includes(id)) : ids);
    // Someone of another company (or no one) is outside every scope, also the company's.
    const named = [...(filter.agent ?? []), ...(filter.team ?? [])];
    const employees = seen ? seen : await this.repository.employeesAmong(companyId, named);
    if (filter.agent) {
      const outside = filter.agent.filter((id) => !employees.has(id) || !can(scope, 'read-feedback', { companyId, employeeId: id }));
      if (outside.length > 0) throw new ForbiddenError(`Forbidden: agent ${outside.join(', ')} is outside the feedback you may see`);
      narrow([...filter.agent]);
    }
    if (filter.team) {
      const outside = filter.team.filter((id) => !employees.has(id));
      if (outside.length > 0) throw new ForbiddenError(`Forbidden: team ${outside.join(', ')} is not a team whose feedback you may see`);
      narrow(await this.repository.teamMemberIds(companyId, filter.team));
    }
    if (filter.group) {
      // Members of the groups, within the scope: a group never shows more than the viewer sees.
      const known = await this.repository.groupsAmong(companyId, filter.group);
      const outside = filter.group.filter((id) => !known.has(id));
      if (outside.length > 0) throw new ForbiddenError(`Forbidden: group ${outside.join(', ')} is not a group of your company`);
      narrow(await this.repository.groupMemberIds(companyId, filter.group));
    }
    const to = filter.to === undefined ? undefined : Date.parse(filter.to);
    const end = to ?? this.now();
    const from = filter.from === undefined ? end - DEFAULT_PERIOD_MS : Date.parse(filter.from);
    if (Number.isNaN(from)) throw new InvalidInputError('from must be a date-time (ISO 8601)');
    if (Number.isNaN(end)) throw new InvalidInputError('to must be a date-time (ISO 8601)');
    if (from > end) throw new InvalidInputError('from must not be after to');
    return {
      isTest: scoped.isTest,
      employeeIds,
      from,
      to: live ? to : end,
      channels: filter.channel,
      brandIds: filter.brand,
      stars: filter.stars,
      withComment: filter.comment === true ? true : undefined,
      tags: filter.tag ? [...new Set(filter.tag)] : undefined,
      recovery: filter.recovery,
    };
  }

  private async cards(scope: Scope, rows: CardRow[]): Promise<StreamCardView[]> {
    if (rows.length === 0) return [];
    const companyId = scope.company.id;
    const ids = rows.map((row) => row.id);
    const parentIds = [...new Set(rows.filter((row) => row.is_recovery === 1 && row.parent_id !== null).map((row) => row.parent_id!))];
    const firstIds = rows.filter((row) => row.is_recovery !== 1).map((row) => row.id);
    const [answers, people, linked] = await Promise.all([
      this.repository.answers(companyId, ids),
      this.repository.people(companyId, [...new Set(rows.map((row) => row.employee_id))]),
      this.repository.linked(companyId, parentIds, firstIds),
    ]);
    const byInteraction = new Map<number, CardAnswer[]>();
    for (const answer of answers) byInteraction.set(answer.interaction_id, [...(byInteraction.get(answer.interaction_id) ?? []), answer]);
    const lookups: CardLookups = {
      answers: byInteraction,
      people: new Map(people.map((person) => [person.id, person])),
      brandName: (brandId) => brandLabel(scope.company, brandId),
      parents: new Map(linked.parents.map((row) => [row.id, row])),
      recoveries: new Map(linked.recoveries.map((row) => [row.parent_id!, row])),
    };
    return rows.map((row) => presentCard(row, lookups));
  }
}

/** The figures of all the rows together. */
function sumFigures(rows: readonly SummaryFigures[]): SummaryFigures {
  const total: SummaryFigures = { responses: 0, star_count: 0, star_sum: 0, s1: 0, s2: 0, s3: 0, s4: 0, s5: 0, nps_count: 0, promoters: 0, detractors: 0, fcr_count: 0, fcr_yes: 0 };
  for (const row of rows) for (const key of Object.keys(total) as (keyof SummaryFigures)[]) total[key] += row[key];
  return total;
}
