import { bumpCacheEpoch } from '../../db/cache-epoch.ts';
import { pendingOutboxRow } from '../../outbox/outbox.repository.ts';
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, EmployeeRow, EmployeesTable } from '../../db/schema.ts';
import { UnprocessableError } from '../../lib/errors.ts';
import { TeamLeadersRepository } from './team-leaders.repository.ts';

export type EmployeeValues = Omit<Insertable<EmployeesTable>, 'id' | 'company_id' | 'created_at' | 'updated_at'>;
export type EmployeeChanges = Omit<Updateable<EmployeesTable>, 'id' | 'company_id' | 'created_at'>;

/** Group memberships (and team leaders) to write; an absent list leaves that kind untouched. */
export interface GroupAssignment {
  member?: number[];
  reporting?: number[];
  /** Every team leader, the primary (employees.team_leader_id) first; empty: none. */
  teamLeaders?: number[];
}

export interface EmployeeGroups {
  member: string[];
  reporting: string[];
}

/** status filter values as stored (see provisioning.service for the API's names). */
export interface EmployeeFilters {
  statuses?: string[];
  /** Only employees who have set their own password. */
  confirmed?: boolean;
  employmentStatuses?: string[];
  teamLeaderIds?: number[];
  groups?: string[];
  roles?: string[];
  q?: string;
}

/** The reason a write broke a unique constraint, or null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; message?: string };
  const isUnique = e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!isUnique) return null;
  const where = `${e.constraint ?? ''} ${e.message ?? ''}`;
  if (/email/.test(where)) return 'email is already used by another employee of this company';
  if (/custom_id/.test(where)) return 'custom_employee_id is already used by another employee of this company';
  return 'the employee conflicts with an existing one';
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Provisioning reads and writes of employees; every query takes the company id first. */
export class ProvisioningRepository {
  private readonly teamLeaders: TeamLeadersRepository;

  constructor(private readonly db: Kysely<Database>) {
    this.teamLeaders = new TeamLeadersRepository(db);
  }

  /** Each of these employees' (by lower-cased email) team leaders' emails, primary first. */
  async leaderEmails(companyId: number, emailKeys: string[]): Promise<Map<string, string[]>> {
    return this.teamLeaders.leaderEmails(companyId, emailKeys);
  }

  /** Each employee's team leaders, primary first. */
  async leadersOf(companyId: number, employeeIds: number[]): Promise<Map<number, number[]>> {
    return this.teamLeaders.leadersOf(companyId, employeeIds);
  }

  async findById(companyId: number, id: number): Promise<EmployeeRow | undefined> {
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
  }

  /** By email (case-insensitive) first, then by custom employee id. */
  async findByRef(companyId: number, ref: string): Promise<EmployeeRow | undefined> {
    const byEmail = await this.db
      .selectFrom('employees')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('email_key', '=', ref.trim().toLowerCase())
      .executeTakeFirst();
    if (byEmail) return byEmail;
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('custom_id', '=', ref).executeTakeFirst();
  }

  async findByCustomId(companyId: number, customId: string): Promise<EmployeeRow | undefined> {
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('custom_id', '=', customId).executeTakeFirst();
  }

  async emailsByIds(companyId: number, ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('employees').select(['id', 'email']).where('company_id', '=', companyId).where('id', 'in', ids).execute();
    return new Map(rows.map((row) => [row.id, row.email]));
  }

  async groupsOf(companyId: number, employeeIds: number[]): Promise<Map<number, EmployeeGroups>> {
    const result = new Map<number, EmployeeGroups>(employeeIds.map((id) => [id, { member: [], reporting: [] }]));
    if (employeeIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('employee_groups')
      .innerJoin('groups', 'groups.id', 'employee_groups.group_id')
      .select(['employee_groups.employee_id', 'employee_groups.kind', 'groups.name'])
      .where('employee_groups.company_id', '=', companyId)
      .where('employee_groups.employee_id', 'in', employeeIds)
      .orderBy('groups.name')
      .execute();
    for (const row of rows) {
      const groups = result.get(row.employee_id);
      if (groups) (row.kind === 'reporting' ? groups.reporting : groups.member).push(row.name);
    }
    return result;
  }

  /**
   * Inserts an employee with its groups (and, for invitations, an outbox row) in one
   * transaction; a duplicate email or custom id becomes a 422.
   */
  async create(companyId: number, values: EmployeeValues, groups: GroupAssignment, outboxKind?: string): Promise<EmployeeRow> {
    if (groups.teamLeaders) values = { ...values, team_leader_id: groups.teamLeaders[0] ?? null };
    return this.write(() =>
      this.db.transaction().execute(async (trx) => {
        const now = Date.now();
        const row = await trx
          .insertInto('employees')
          .values({ ...values, company_id: companyId, created_at: now, updated_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.replaceGroups(trx, companyId, row.id, groups);
        if (outboxKind) {
          await trx.insertInto('outbox').values(pendingOutboxRow(companyId, outboxKind, { employee_id: row.id }, now)).execute();
        }
        return row;
      }),
    );
  }

  /** Applies the changes and replaces the given group lists in one transaction. */
  async update(companyId: number, id: number, changes: EmployeeChanges, groups: GroupAssignment): Promise<EmployeeRow> {
    if (groups.teamLeaders) changes = { ...changes, team_leader_id: groups.teamLeaders[0] ?? null };
    return this.write(() =>
      this.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('employees')
          .set({ ...changes, updated_at: Date.now() })
          .where('company_id', '=', companyId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.replaceGroups(trx, companyId, id, groups);
        await bumpCacheEpoch(trx);
        return row;
      }),
    );
  }

  /** One page in id order, after `afterId`, of employees matching every given filter. */
  async list(companyId: number, filters: EmployeeFilters, afterId: number, limit: number): Promise<EmployeeRow[]> {
    let query = this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '>', afterId);
    if (filters.statuses?.length) query = query.where('status', 'in', filters.statuses);
    if (filters.confirmed) query = query.where('password_hash', 'is not', null).where('password_must_change', '=', 0);
    if (filters.employmentStatuses?.length) query = query.where('employment_status', 'in', filters.employmentStatuses);
    if (filters.teamLeaderIds?.length) query = query.where('id', 'in', this.teamLeaders.teamMembers(companyId, filters.teamLeaderIds));
    if (filters.roles?.length) query = query.where('role', 'in', filters.roles);
    if (filters.groups?.length) {
      const names = filters.groups;
      query = query.where('id', 'in', (eb) =>
        eb
          .selectFrom('employee_groups')
          .innerJoin('groups', 'groups.id', 'employee_groups.group_id')
          .select('employee_groups.employee_id')
          .where('employee_groups.company_id', '=', companyId)
          .where('employee_groups.kind', '=', 'member')
          .where('groups.name', 'in', names),
      );
    }
    if (filters.q) {
      const pattern = `%${escapeLike(filters.q.toLowerCase())}%`;
      const like = (expr: ReturnType<typeof sql>) => sql<boolean>`lower(${expr}) like ${pattern} escape '\\'`;
      query = query.where((eb) =>
        eb.or([
          like(sql`coalesce(first_name, '') || ' ' || coalesce(last_name, '')`),
          like(sql`email`),
          like(sql`coalesce(custom_id, '')`),
        ]),
      );
    }
    return query.orderBy('id').limit(limit).execute();
  }

  private async replaceGroups(trx: Transaction<Database>, companyId: number, employeeId: number, groups: GroupAssignment) {
    if (groups.teamLeaders) await TeamLeadersRepository.replace(trx, companyId, employeeId, groups.teamLeaders);
    for (const kind of ['member', 'reporting'] as const) {
      const ids = groups[kind];
      if (!ids) continue;
      await trx.deleteFrom('employee_groups').where('company_id', '=', companyId).where('employee_id', '=', employeeId).where('kind', '=', kind).execute();
      if (ids.length > 0) {
        await trx
          .insertInto('employee_groups')
          .values([...new Set(ids)].map((groupId) => ({ company_id: companyId, employee_id: employeeId, group_id: groupId, kind })))
          .execute();
      }
    }
  }

  private async write<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const reason = uniqueViolation(error);
      if (reason) throw new UnprocessableError([reason]);
      throw error;
    }
  }
}
