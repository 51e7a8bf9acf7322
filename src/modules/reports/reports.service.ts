import { ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { interactionFilter } from '../access/policy.ts';
import type { Scope } from '../access/scope.ts';
import { brandLabel } from '../companies/brand-display-name.ts';
import { addCounters, figures, zeroCounters, type Counters } from './counters.ts';
import { isoDay, monthStart } from './local-time.ts';
import { parseGroupBy, period, previousPeriod, type Period } from './report-period.ts';
import type { PersonRow, ReportsRepository, RollupCriteria, RollupSums } from './reports.repository.ts';
import { SLICE } from './rollup-store.ts';
import type {
  AveragesView, FiguresOut, GroupBy, LeaderboardQueryInput, LeaderboardView, MetricsReportView, ReportOptionsView, ReportQueryInput,
} from './reports.schemas.ts';
import { rankLeaderboard } from './leaderboard.ts';

type Row = MetricsReportView['rows'][number];
type Key = Row['key'];
type Filters = Pick<ReportQueryInput, 'employee' | 'team' | 'group' | 'channel' | 'brand' | 'tag'>;

const TAG_OPTIONS = 500;

export function personName(row: Pick<PersonRow, 'first_name' | 'last_name' | 'email'> | undefined): string {
  const name = [row?.first_name, row?.last_name].filter(Boolean).join(' ');
  return name === '' ? (row?.email ?? '') : name;
}

/** Reports of the figures (counters.ts), read from the rollups and always within the caller's scope. */
export class ReportsService {
  constructor(private readonly repository: ReportsRepository) {}

  async metrics(scope: Scope, query: ReportQueryInput): Promise<MetricsReportView> {
    const timeZone = scope.company.settings.time_zone;
    const groupBy = parseGroupBy(query.group_by);
    const current = period(query.from, query.to, timeZone);
    const criteria = await this.criteria(scope, query);
    const report = await this.report(scope, criteria, current, groupBy);
    const result: MetricsReportView = { from: isoDay(current.fromDay), to: isoDay(current.toDay), time_zone: timeZone, group_by: groupBy, ...report };
    if (query.compare === 'previous') {
      const previous = previousPeriod(current);
      result.previous = { from: isoDay(previous.fromDay), to: isoDay(previous.toDay), ...(await this.report(scope, criteria, previous, groupBy)) };
    }
    return result;
  }

  /** The viewer's team's and the company's figures: aggregates, which everyone signed in may compare with. */
  async averages(scope: Scope, query: { from: string; to: string; channel?: string[] }): Promise<AveragesView> {
    const current = period(query.from, query.to, scope.company.settings.time_zone);
    const companyId = scope.company.id;
    const base = { isTest: scope.testOnly, channels: query.channel };
    const total = async (employeeIds?: readonly number[]) => this.total(companyId, { ...base, ...current, employeeIds });
    let team: AveragesView['team'] = null;
    const leaderId = await this.viewerTeamLeader(scope);
    if (leaderId !== undefined) {
      const [leader] = await this.repository.people(companyId, [leaderId]);
      team = { leader: { id: leaderId, name: personName(leader) }, total: await total(await this.repository.teamMemberIds(companyId, [leaderId])) };
    }
    return { from: isoDay(current.fromDay), to: isoDay(current.toDay), team, company: await total() };
  }

  async leaderboard(scope: Scope, query: LeaderboardQueryInput): Promise<LeaderboardView> {
    const current = period(query.from, query.to, scope.company.settings.time_zone);
    const companyId = scope.company.id;
    const pool = await this.leaderboardPool(scope);
    let employeeIds = pool;
    if (query.team) employeeIds = intersect(employeeIds, await this.repository.teamMemberIds(companyId, query.team));
    if (query.group) employeeIds = intersect(employeeIds, await this.groupMembers(companyId, query.group));
    const { rows } = await this.repository.sums(companyId, { isTest: scope.testOnly, ...current, employeeIds, channels: query.channel }, ['employee']);
    const people = new Map((await this.repository.people(companyId, rows.map((row) => row.employee!))).map((person) => [person.id, person]));
    const entries = rows.map((row) => ({ employee: { id: row.employee!, name: personName(people.get(row.employee!)) }, figures: figures(row.counters, false) }));
    const minResponses = query.min_responses ?? 5;
    return { from: isoDay(current.fromDay), to: isoDay(current.toDay), metric: query.metric, min_responses: minResponses, ...rankLeaderboard(entries, query.metric, minResponses) };
  }

  async options(scope: Scope): Promise<ReportOptionsView> {
    const companyId = scope.company.id;
    const { employeeIds } = interactionFilter(scope);
    const [employees, leaders, memberships, groups, tags] = await Promise.all([
      this.repository.activeEmployees(companyId, employeeIds),
      this.repository.leadersOf(companyId, employeeIds),
      this.repository.memberships(companyId, employeeIds),
      this.repository.groups(companyId),
      this.repository.tags(companyId, TAG_OPTIONS),
    ]);
    const seen = employeeIds ? new Set(employeeIds) : undefined;
    const leaderIds = [...new Set([...leaders.values()].flat())].filter((id) => !seen || seen.has(id));
    const leaderPeople = await this.repository.people(companyId, leaderIds);
    const groupIds = new Set(memberships.map((row) => row.group_id));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return {
      time_zone: scope.company.settings.time_zone,
      employees: employees.map((person) => ({ id: person.id, name: personName(person), email: person.email })).sort(byName),
      teams: leaderPeople.map((person) => ({ id: person.id, name: personName(person) })).sort(byName),
      groups: groups.filter((group) => !seen || groupIds.has(group.id)),
      channels: [...scope.company.channels].sort(),
      brands: scope.company.brands.map((brand) => ({ id: brand.id, name: brand.name, display_name: brandLabel(scope.company, brand.id) })),
      tags,
    };
  }

  /** The rows and total of one period. */
  private async report(scope: Scope, criteria: Omit<RollupCriteria, 'fromDay' | 'toDay'>, when: Period, groupBy: GroupBy[]): Promise<Pick<MetricsReportView, 'rows' | 'total'>> {
    const companyId = scope.company.id;
    if (groupBy.length === 0) return { rows: [], total: await this.total(companyId, { ...criteria, ...when }) };
    const { grain, rows } = await this.repository.sums(companyId, { ...criteria, ...when }, groupBy);
    const keyed = await this.keys(scope, rows, groupBy);
    const withEmployeeOnly = (grain & (SLICE.channel | SLICE.brand | SLICE.tags)) === 0;
    const out = [...keyed.values()]
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
      .map(({ key, counters }): Row => ({ key, ...figures(counters, withEmployeeOnly) }));
    // Rows by employee and time split the period's figures exactly (every grain has QA and
    // coaching when it has no channel, brand or tags): their sum is the total. Rows by team,
    // group or tag overlap, and rows by channel or brand leave QA out: the total is read apart.
    const partitions = groupBy.every((slice) => slice === 'employee' || isTime(slice));
    const total = partitions ? figures(rows.reduce((sum, row) => addCounters(sum, row.counters), zeroCounters()), withEmployeeOnly) : await this.total(companyId, { ...criteria, ...when });
    return { rows: out, total };
  }

  private async total(companyId: number, criteria: RollupCriteria): Promise<FiguresOut> {
    const { grain, rows } = await this.repository.sums(companyId, criteria, []);
    return figures(rows[0]?.counters ?? zeroCounters(), (grain & (SLICE.channel | SLICE.brand | SLICE.tags)) === 0);
  }

  /** Each summed row under its key (the slices' names and ordering). */
  private async keys(scope: Scope, rows: RollupSums[], groupBy: GroupBy[]): Promise<Map<string, { key: Key; order: string; counters: Counters }>> {
    const companyId = scope.company.id;
    const personIds = [...new Set(rows.flatMap((row) => [row.employee, row.team].filter((id): id is number => id !== undefined)))];
    const groupNames = new Map((groupBy.includes('group') ? await this.repository.groups(companyId) : []).map((group) => [group.id, group.name]));
    const people = new Map((await this.repository.people(companyId, personIds)).map((person) => [person.id, person]));
    const person = (id: number) => {
      const row = people.get(id);
      return { id, custom_id: row?.custom_id ?? null, email: row?.email ?? '', name: personName(row) };
    };
    const brands = new Map(scope.company.brands.map((brand) => [brand.id, brand]));
    const scoped = interactionFilter(scope).employeeIds;
    const seen = scoped ? new Set(scoped) : undefined;

    // Every (slice, value) a row belongs to, per slice of group_by.
    const choices = (row: RollupSums, slice: GroupBy): { key: Partial<Key>; order: string }[] => {
      switch (slice) {
        case 'employee': {
          const p = person(row.employee!);
          return [{ key: { employee: p }, order: `${p.name}\u0000${p.id}` }];
        }
        case 'team': {
          // Only teams whose leader the viewer sees (their members' figures are within the scope either way).
          if (seen && !seen.has(row.team!)) return [];
          const leader = person(row.team!);
          return [{ key: { team: { leader } }, order: `${leader.name}\u0000${leader.id}` }];
        }
        case 'group':
          return [{ key: { group: { id: row.group!, name: groupNames.get(row.group!) ?? '' } }, order: `${groupNames.get(row.group!)}\u0000${row.group}` }];
        case 'channel':
          return [{ key: { channel: row.channel! }, order: row.channel! }];
        case 'brand': {
          const brand = brands.get(row.brand!);
          const name = brand?.name ?? String(row.brand);
          return [{ key: { brand: { id: row.brand!, name, display_name: brandLabel(scope.company, row.brand!) } }, order: `${name}\u0000${row.brand}` }];
        }
        case 'tag':
          return [{ key: { tag: row.tag! }, order: row.tag! }];
        case 'day':
          return [{ key: { day: isoDay(row.day!) }, order: isoDay(row.day!) }];
        case 'week':
          return [{ key: { week: isoDay(row.week!) }, order: isoDay(row.week!) }];
        case 'month':
          return [{ key: { month: isoDay(monthStart(row.month!)) }, order: isoDay(monthStart(row.month!)) }];
      }
    };
    // Time first in the order, then the other slice.
    const ordered = [...groupBy].sort((a, b) => Number(isTime(b)) - Number(isTime(a)));
    const out = new Map<string, { key: Key; order: string; counters: Counters }>();
    for (const row of rows) {
      let combos: { key: Partial<Key>; order: string }[] = [{ key: {}, order: '' }];
      for (const slice of ordered) combos = combos.flatMap((combo) => choices(row, slice).map((choice) => ({ key: { ...combo.key, ...choice.key }, order: `${combo.order}\u0001${choice.order}` })));
      for (const combo of combos) {
        let entry = out.get(combo.order);
        if (!entry) out.set(combo.order, (entry = { key: combo.key as Key, order: combo.order, counters: zeroCounters() }));
        addCounters(entry.counters, row.counters);
      }
    }
    return out;
  }

  /** The filters as rollup criteria within the scope (403 naming a filter that reaches outside it; 400 for unknown names). */
  private async criteria(scope: Scope, filters: Filters): Promise<Omit<RollupCriteria, 'fromDay' | 'toDay'>> {
    const companyId = scope.company.id;
    const scoped = interactionFilter(scope);
    let employeeIds: readonly number[] | undefined = scoped.employeeIds;
    const seen = employeeIds ? new Set(employeeIds) : undefined;
    // Outside the scope (another company's ids too): 403 naming the filter; then unknown ids: 404.
    for (const [name, ids] of [['employee', filters.employee], ['team', filters.team]] as const) {
      const outside = (ids ?? []).filter((id) => seen && !seen.has(id));
      if (outside.length > 0) throw new ForbiddenError(`Forbidden: ${name} ${outside.join(', ')} is outside the feedback you may see`);
    }
    const named = [...(filters.employee ?? []), ...(filters.team ?? [])];
    const existing = await this.repository.existing(companyId, named);
    const unknown = named.filter((id) => !existing.has(id));
    if (unknown.length > 0) throw new NotFoundError(`Not Found: no employee ${unknown.join(', ')} in this company (employee and team take employee ids)`);
    if (filters.employee) employeeIds = intersect(employeeIds, filters.employee);
    if (filters.team) employeeIds = intersect(employeeIds, await this.repository.teamMemberIds(companyId, filters.team));
    if (filters.group) employeeIds = intersect(employeeIds, await this.groupMembers(companyId, filters.group));
    let brandIds: number[] | undefined;
    if (filters.brand) {
      const byName = new Map(scope.company.brands.map((brand) => [brand.name, brand.id]));
      const unknownBrands = filters.brand.filter((name) => !byName.has(name));
      if (unknownBrands.length > 0) throw new InvalidInputError(`brand: ${unknownBrands.map((name) => `"${name}"`).join(', ')} is not a brand of this company; known: ${[...byName.keys()].join(', ')}`);
      brandIds = filters.brand.map((name) => byName.get(name)!);
    }
    return { isTest: scoped.isTest, employeeIds, channels: filters.channel, brandIds, tags: filters.tag };
  }

  private async groupMembers(companyId: number, names: readonly string[]): Promise<number[]> {
    const groups = await this.repository.groups(companyId);
    const unknown = names.filter((name) => !groups.some((group) => group.name === name));
    if (unknown.length > 0) throw new InvalidInputError(`group: ${unknown.map((name) => `"${name}"`).join(', ')} is not a group of this company`);
    const ids = new Set(groups.filter((group) => names.includes(group.name)).map((group) => group.id));
    const members = await this.repository.memberships(companyId);
    return [...new Set(members.filter((row) => ids.has(row.group_id)).map((row) => row.employee_id))];
  }

  /** Whose team the viewer compares with: their own as a leader, else their primary team leader's. */
  private async viewerTeamLeader(scope: Scope): Promise<number | undefined> {
    if (scope.actor.kind !== 'employee') return undefined;
    if (scope.actor.teamMemberIds.length > 0) return scope.actor.employeeId;
    return (await this.repository.leadersOf(scope.company.id, [scope.actor.employeeId])).get(scope.actor.employeeId)?.[0];
  }

  /** Who a viewer's leaderboard ranks: their scope, or for someone who sees only themselves, their leaders' teams. */
  private async leaderboardPool(scope: Scope): Promise<readonly number[] | undefined> {
    const { employeeIds } = interactionFilter(scope);
    if (employeeIds === undefined || scope.actor.kind !== 'employee' || employeeIds.length > 1) return employeeIds;
    const leaders = (await this.repository.leadersOf(scope.company.id, [scope.actor.employeeId])).get(scope.actor.employeeId) ?? [];
    return [...new Set([scope.actor.employeeId, ...(await this.repository.teamMemberIds(scope.company.id, leaders))])];
  }
}

const isTime = (slice: GroupBy) => slice === 'day' || slice === 'week' || slice === 'month';

function intersect(current: readonly number[] | undefined, ids: readonly number[]): number[] {
  return current === undefined ? [...new Set(ids)] : current.filter((id) => ids.includes(id));
}
