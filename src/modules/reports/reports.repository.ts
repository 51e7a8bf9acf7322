import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { COUNTER_NAMES, type Counters } from './counters.ts';
import { GRAINS, SLICE } from './rollup-store.ts';

/** What a report reads from the rollups: the rows are summed per distinct value of `by`. */
export interface RollupCriteria {
  isTest: boolean;
  fromDay: number;
  toDay: number;
  /** Only these employees (undefined: all; empty: none). */
  employeeIds?: readonly number[];
  channels?: readonly string[];
  brandIds?: readonly number[];
  /** Interactions having any of these tags. */
  tags?: readonly string[];
}

/** What a report groups by: rollup columns, and teams and groups (joined to the rollups' employees). */
export type RollupDimension = 'employee' | 'team' | 'group' | 'channel' | 'brand' | 'tag' | 'day' | 'week' | 'month';

export interface RollupSums {
  employee?: number;
  /** The team leader's id. */
  team?: number;
  /** The group's id. */
  group?: number;
  channel?: string;
  brand?: number;
  tag?: string;
  day?: number;
  week?: number;
  month?: number;
  counters: Counters;
}

export interface PersonRow {
  id: number;
  custom_id: string | null;
  email: string;
  first_name: string | null;
  last_name: string | null;
}

/** The smallest materialised grain that has every slice `needs` (bits of SLICE). */
export function grainFor(needs: number): number {
  return GRAINS.find((grain) => (grain & needs) === needs)!;
}

export class ReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Sums of the counters per distinct value of `by`, read from the smallest grain that has every slice needed. */
  async sums(companyId: number, criteria: RollupCriteria, by: readonly RollupDimension[]): Promise<{ grain: number; rows: RollupSums[] }> {
    const needs =
      (criteria.employeeIds !== undefined || by.includes('employee') || by.includes('team') || by.includes('group') ? SLICE.employee : 0) |
      (criteria.channels !== undefined || by.includes('channel') ? SLICE.channel : 0) |
      (criteria.brandIds !== undefined || by.includes('brand') ? SLICE.brand : 0) |
      (criteria.tags !== undefined || by.includes('tag') ? SLICE.tags : 0);
    const grain = grainFor(needs);
    if (criteria.employeeIds?.length === 0 || criteria.channels?.length === 0 || criteria.brandIds?.length === 0 || criteria.tags?.length === 0) return { grain, rows: [] };
    const columns: Record<RollupDimension, ReturnType<typeof sql>> = {
      employee: sql`r.employee_id`,
      team: sql`tl.team_leader_id`,
      group: sql`eg.group_id`,
      channel: sql`r.channel`,
      brand: sql`r.brand_id`,
      tag: sql`t.tag`,
      day: sql`r.day`,
      week: sql`(r.day - (r.day + 3) % 7)`,
      month: sql`r.month`,
    };
    let query = this.db
      .selectFrom('report_rollups as r')
      .where('r.company_id', '=', companyId)
      .where('r.is_test', '=', criteria.isTest ? 1 : 0)
      .where('r.grain', '=', grain)
      .where('r.day', '>=', criteria.fromDay)
      .where('r.day', '<=', criteria.toDay);
    if (criteria.employeeIds) query = query.where('r.employee_id', 'in', criteria.employeeIds);
    if (criteria.channels) query = query.where('r.channel', 'in', criteria.channels);
    if (criteria.brandIds) query = query.where('r.brand_id', 'in', criteria.brandIds);
    if (criteria.tags) {
      const tagged = this.db.selectFrom('report_tagset_tags').select('tagset_id').where('company_id', '=', companyId).where('tag', 'in', criteria.tags);
      query = query.where('r.tagset_id', 'in', tagged);
    }
    // An employee of several teams (groups) counts in each: one joined row per team (group).
    if (by.includes('team')) query = query.innerJoin('employee_team_leaders as tl', (join) => join.onRef('tl.employee_id', '=', 'r.employee_id').on('tl.company_id', '=', companyId));
    if (by.includes('group')) query = query.innerJoin('employee_groups as eg', (join) => join.onRef('eg.employee_id', '=', 'r.employee_id').on('eg.company_id', '=', companyId).on('eg.kind', '=', 'member'));
    if (by.includes('tag')) query = query.innerJoin('report_tagset_tags as t', (join) => join.onRef('t.tagset_id', '=', 'r.tagset_id').on('t.company_id', '=', companyId));
    const rows = await query
      .select(by.map((dimension) => columns[dimension].as(dimension)))
      .select((eb) => COUNTER_NAMES.map((name) => eb.fn.sum<number>(`r.${name}`).as(name)))
      .$if(by.length > 0, (q) => q.groupBy(by.map((dimension) => columns[dimension])))
      .execute();
    return {
      grain,
      rows: rows
        .map((row) => {
          const record = row as Record<string, unknown>;
          const counters = Object.fromEntries(COUNTER_NAMES.map((name) => [name, Number(record[name] ?? 0)])) as Counters;
          const sums: RollupSums = { counters };
          for (const dimension of by) {
            const value = record[dimension];
            if (dimension === 'channel' || dimension === 'tag') sums[dimension] = String(value);
            else sums[dimension] = Number(value);
          }
          return sums;
        })
        // A group without any row has null sums (no group_by): nothing.
        .filter((row) => COUNTER_NAMES.some((name) => row.counters[name] !== 0)),
    };
  }

  async people(companyId: number, ids: readonly number[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('employees')
      .select(['id', 'custom_id', 'email', 'first_name', 'last_name'])
      .where('company_id', '=', companyId)
      .where('id', 'in', ids)
      .execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  /** Active employees (all, or among `ids`). */
  async activeEmployees(companyId: number, ids?: readonly number[]): Promise<PersonRow[]> {
    if (ids?.length === 0) return [];
    const rows = await this.db
      .selectFrom('employees')
      .select(['id', 'custom_id', 'email', 'first_name', 'last_name'])
      .where('company_id', '=', companyId)
      .where('status', '=', 'active')
      .$if(ids !== undefined, (q) => q.where('id', 'in', ids!))
      .execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  /** The company's employees among `ids` (to tell unknown ids from others'). */
  async existing(companyId: number, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('employees').select('id').where('company_id', '=', companyId).where('id', 'in', ids).execute();
    return new Set(rows.map((row) => Number(row.id)));
  }

  /** Each employee's team leaders (all of them, or of `employeeIds`). */
  async leadersOf(companyId: number, employeeIds?: readonly number[]): Promise<Map<number, number[]>> {
    if (employeeIds?.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('employee_team_leaders')
      .select(['employee_id', 'team_leader_id'])
      .where('company_id', '=', companyId)
      .$if(employeeIds !== undefined, (q) => q.where('employee_id', 'in', employeeIds!))
      .orderBy('position')
      .execute();
    const leaders = new Map<number, number[]>();
    for (const row of rows) leaders.set(Number(row.employee_id), [...(leaders.get(Number(row.employee_id)) ?? []), Number(row.team_leader_id)]);
    return leaders;
  }

  /** Members of the teams of these leaders. */
  async teamMemberIds(companyId: number, leaderIds: readonly number[]): Promise<number[]> {
    if (leaderIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('employee_team_leaders')
      .select('employee_id')
      .distinct()
      .where('company_id', '=', companyId)
      .where('team_leader_id', 'in', leaderIds)
      .execute();
    return rows.map((row) => Number(row.employee_id));
  }

  async groups(companyId: number): Promise<{ id: number; name: string }[]> {
    const rows = await this.db.selectFrom('groups').select(['id', 'name']).where('company_id', '=', companyId).orderBy('name').execute();
    return rows.map((row) => ({ id: Number(row.id), name: row.name }));
  }

  /** Group memberships (kind member), of all employees or of `employeeIds`. */
  async memberships(companyId: number, employeeIds?: readonly number[]): Promise<{ employee_id: number; group_id: number }[]> {
    if (employeeIds?.length === 0) return [];
    const rows = await this.db
      .selectFrom('employee_groups')
      .select(['employee_id', 'group_id'])
      .where('company_id', '=', companyId)
      .where('kind', '=', 'member')
      .$if(employeeIds !== undefined, (q) => q.where('employee_id', 'in', employeeIds!))
      .execute();
    return rows.map((row) => ({ employee_id: Number(row.employee_id), group_id: Number(row.group_id) }));
  }

  async tags(companyId: number, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('report_tagset_tags').select('tag').distinct().where('company_id', '=', companyId).orderBy('tag').limit(limit).execute();
    return rows.map((row) => row.tag);
  }
}
