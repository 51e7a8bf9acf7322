import type { Kysely } from 'kysely';
import type { Database, EmployeeRow } from '../../db/schema.ts';
import type { EmployeeReach } from '../access/scope.ts';
import { TeamLeadersRepository } from './team-leaders.repository.ts';

export interface NewEmployee {
  email: string;
  customId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  role?: string;
  manageTeam?: boolean;
  teamLeaderId?: number | null;
  status?: 'active' | 'deactivated' | 'pending';
  image?: string | null;
  profileText?: string | null;
  /** scrypt hash (lib/passwords.ts): they can sign in at once. */
  passwordHash?: string | null;
}

export const DEFAULT_ROLE = 'Team Member [Default]';

/** Employees of one company at a time: every query takes the company id first. */
export class EmployeesRepository {
  private readonly teamLeaders: TeamLeadersRepository;

  constructor(private readonly db: Kysely<Database>) {
    this.teamLeaders = new TeamLeadersRepository(db);
  }

  async findByEmail(companyId: number, email: string): Promise<EmployeeRow | undefined> {
    return this.db
      .selectFrom('employees')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('email_key', '=', email.trim().toLowerCase())
      .executeTakeFirst();
  }

  async findByCustomId(companyId: number, customId: string): Promise<EmployeeRow | undefined> {
    return this.db
      .selectFrom('employees')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('custom_id', '=', customId)
      .executeTakeFirst();
  }

  /** The employee of this id; throws when the company has none. */
  async byId(companyId: number, id: number): Promise<EmployeeRow> {
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async findById(companyId: number, id: number): Promise<EmployeeRow | undefined> {
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
  }

  async byIds(companyId: number, ids: number[]): Promise<EmployeeRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', 'in', ids).execute();
  }

  /**
   * Stores a new password the still active employee chose (no longer a temporary one). Only when
   * the stored hash is still `previousHash`, so of two changes at once one wins; false otherwise.
   */
  async changePassword(companyId: number, id: number, previousHash: string, passwordHash: string, now: number): Promise<boolean> {
    const changed = await this.db
      .updateTable('employees')
      .set({ password_hash: passwordHash, password_must_change: 0, updated_at: now })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('password_hash', '=', previousHash)
      .executeTakeFirst();
    return Number(changed.numUpdatedRows) === 1;
  }

  /** Inserts the employee and, when they have a team leader, their team_leaders row. */
  async insert(companyId: number, employee: NewEmployee): Promise<EmployeeRow> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.insertRow(trx, companyId, employee);
      if (row.team_leader_id !== null) await TeamLeadersRepository.replace(trx, companyId, row.id, [row.team_leader_id]);
      return row;
    });
  }

  private async insertRow(db: Kysely<Database>, companyId: number, employee: NewEmployee): Promise<EmployeeRow> {
    const now = Date.now();
    return db
      .insertInto('employees')
      .values({
        company_id: companyId,
        email: employee.email.trim(),
        email_key: employee.email.trim().toLowerCase(),
        custom_id: employee.customId ?? null,
        first_name: employee.firstName ?? null,
        last_name: employee.lastName ?? null,
        status: employee.status ?? 'active',
        role: employee.role ?? DEFAULT_ROLE,
        manage_team: employee.manageTeam ? 1 : 0,
        team_leader_id: employee.teamLeaderId ?? null,
        image: employee.image ?? null,
        profile_text: employee.profileText ?? null,
        password_hash: employee.passwordHash ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** What an employee's scope is built from (access/scope.ts employeeScope). */
  async reach(companyId: number, employeeId: number): Promise<EmployeeReach> {
    const reportingGroups = this.db
      .selectFrom('employee_groups')
      .select('group_id')
      .where('company_id', '=', companyId)
      .where('employee_id', '=', employeeId)
      .where('kind', '=', 'reporting');
    const [team, groups, members] = await Promise.all([
      this.teamLeaders.teamMemberIds(companyId, employeeId),
      reportingGroups.orderBy('group_id').execute(),
      this.db
        .selectFrom('employee_groups')
        .select('employee_id')
        .distinct()
        .where('company_id', '=', companyId)
        .where('kind', '=', 'member')
        .where('group_id', 'in', reportingGroups)
        .orderBy('employee_id')
        .execute(),
    ]);
    return {
      teamMemberIds: team,
      reportingGroupIds: groups.map((row) => Number(row.group_id)),
      reportingGroupMemberIds: members.map((row) => Number(row.employee_id)),
    };
  }
}
