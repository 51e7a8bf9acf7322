import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Who leads whom (employee_team_leaders): an employee may have several team leaders; the first
 * is also kept in employees.team_leader_id, which the public API shows. Company id first, always.
 */
export class TeamLeadersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * THE definition of a team: the ids of the employees of `companyId` any of whose team leaders
   * is one of `leaderIds`. A query, so it can be run (`teamMemberIds`) or used as a subquery
   * (`where('employee_id', 'in', teamLeaders.teamMembers(companyId, [leaderId]))`).
   */
  teamMembers(companyId: number, leaderIds: readonly number[]) {
    return this.db
      .selectFrom('employee_team_leaders')
      .select('employee_team_leaders.employee_id')
      .distinct()
      .where('employee_team_leaders.company_id', '=', companyId)
      .where('employee_team_leaders.team_leader_id', 'in', leaderIds.length > 0 ? [...leaderIds] : [-1]);
  }

  /** The ids of the members of a leader's team, ascending. */
  async teamMemberIds(companyId: number, leaderId: number): Promise<number[]> {
    const rows = await this.teamMembers(companyId, [leaderId]).orderBy('employee_team_leaders.employee_id').execute();
    return rows.map((row) => Number(row.employee_id));
  }

  /** Each employee's team leaders, primary first. */
  async leadersOf(companyId: number, employeeIds: readonly number[]): Promise<Map<number, number[]>> {
    const result = new Map<number, number[]>(employeeIds.map((id) => [id, []]));
    if (employeeIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('employee_team_leaders')
      .select(['employee_id', 'team_leader_id'])
      .where('company_id', '=', companyId)
      .where('employee_id', 'in', [...employeeIds])
      .orderBy('employee_id')
      .orderBy('position')
      .orderBy('team_leader_id')
      .execute();
    for (const row of rows) result.get(Number(row.employee_id))?.push(Number(row.team_leader_id));
    return result;
  }

  /** Each of these employees' (by lower-cased email) team leaders' emails, primary first. */
  async leaderEmails(companyId: number, emailKeys: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(emailKeys.map((key) => [key, []]));
    if (emailKeys.length === 0) return result;
    const rows = await this.db
      .selectFrom('employee_team_leaders as t')
      .innerJoin('employees as e', (join) => join.onRef('e.id', '=', 't.employee_id').onRef('e.company_id', '=', 't.company_id'))
      .innerJoin('employees as l', (join) => join.onRef('l.id', '=', 't.team_leader_id').onRef('l.company_id', '=', 't.company_id'))
      .select(['e.email_key', 'l.email'])
      .where('t.company_id', '=', companyId)
      .where('e.email_key', 'in', [...emailKeys])
      .orderBy('e.email_key')
      .orderBy('t.position')
      .orderBy('l.id')
      .execute();
    for (const row of rows) result.get(row.email_key)?.push(row.email);
    return result;
  }

  /** Replaces the employee's team leaders with `leaderIds` (in order; the first is the primary). */
  static async replace(trx: Transaction<Database> | Kysely<Database>, companyId: number, employeeId: number, leaderIds: readonly number[]): Promise<void> {
    await trx.deleteFrom('employee_team_leaders').where('company_id', '=', companyId).where('employee_id', '=', employeeId).execute();
    const unique = [...new Set(leaderIds)];
    if (unique.length === 0) return;
    await trx
      .insertInto('employee_team_leaders')
      .values(unique.map((leaderId, position) => ({ company_id: companyId, employee_id: employeeId, team_leader_id: leaderId, position })))
      .execute();
  }
}
