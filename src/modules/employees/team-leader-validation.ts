import type { EmployeeRow } from '../../db/schema.ts';
import type { ProvisioningRepository } from './provisioning.repository.ts';

/** What checking team leaders needs of the validation context (employee-validation.ts TeamLeaderContext). */
interface TeamLeaderContext {
  companyId: number;
  /** The employee being updated. */
  existing?: EmployeeRow;
}

type Body = Record<string, unknown>;

/**
 * An employee's team leaders as given: the public API's single team_leader_id / team_leader_email,
 * or the command line's list of emails. Each must be an employee of the company who manages a team
 * and is not deactivated, and no reporting loop may form through any of them.
 */
export class TeamLeaderValidator {
  constructor(private readonly employees: ProvisioningRepository) {}

  /** True when `employeeId` is `leaderId` or above it in the reporting lines (through any of each one's team leaders). */
  private async reportsTo(companyId: number, leaderId: number, employeeId: number): Promise<boolean> {
    const seen = new Set<number>();
    let current = [leaderId];
    for (let depth = 0; current.length > 0 && depth < 100; depth++) {
      if (current.includes(employeeId)) return true;
      current.forEach((id) => seen.add(id));
      const above = await this.employees.leadersOf(companyId, current);
      current = [...new Set([...above.values()].flat())].filter((id) => !seen.has(id));
    }
    return false;
  }

  /** Whether `leader` may lead a team: an active (or invited) employee who manages a team; the problem otherwise. */
  private leaderProblem(leader: EmployeeRow): string | null {
    if (leader.manage_team !== 1) return 'does not manage a team';
    if (leader.status === 'deactivated') return 'is deactivated';
    return null;
  }

  /** No reporting loop through `ids` (an employee under their own team). */
  private async loopProblem(ids: number[], ctx: TeamLeaderContext): Promise<string | null> {
    if (!ctx.existing) return null;
    for (const id of ids) {
      if (id === ctx.existing.id) return 'an employee cannot be their own team leader';
      if (await this.reportsTo(ctx.companyId, id, ctx.existing.id)) return 'the team leader reports to this employee; that would make a reporting loop';
    }
    return null;
  }

  /** The command line's list of team leader emails: each must be an employee who may lead a team. */
  async teamLeadersByEmail(emails: string[], ctx: TeamLeaderContext, errors: string[]): Promise<number[] | undefined> {
    const given = emails.map((e) => e.trim());
    if (given.length === 0) return undefined;
    const clear = given.filter((e) => e === '' || e.toLowerCase() === 'unassigned');
    if (clear.length > 0) {
      if (clear.length === given.length) return [];
      errors.push('team_leader_email "unassigned" clears every team leader and cannot be given with other team leaders');
      return undefined;
    }
    const before = errors.length;
    const ids: number[] = [];
    for (const email of given) {
      const leader = await this.employees.findByRef(ctx.companyId, email);
      const problem = !leader || leader.email_key !== email.toLowerCase() ? 'does not match an employee of this company' : this.leaderProblem(leader);
      if (problem) errors.push(`team_leader_email "${email}" ${problem}`);
      else if (!ids.includes(leader!.id)) ids.push(leader!.id);
    }
    if (errors.length > before) return undefined;
    const loop = await this.loopProblem(ids, ctx);
    if (loop) {
      errors.push(loop);
      return undefined;
    }
    return ids;
  }

  /**
   * The public API's single team leader (team_leader_id / team_leader_email) as the new list of
   * team leaders: [it], or [] for none; undefined when neither field was given or one is wrong.
   */
  async teamLeader(body: Body, ctx: TeamLeaderContext, errors: string[]): Promise<number[] | undefined> {
    const idValue = body.team_leader_id;
    const emailValue = body.team_leader_email;
    const given: { field: string; id: number | null }[] = [];
    const before = errors.length;

    if (idValue !== undefined) {
      const raw = idValue === null ? '' : String(idValue).trim();
      if (raw === '' || raw.toLowerCase() === 'unassigned') given.push({ field: 'team_leader_id', id: null });
      else if (!/^\d{1,15}$/.test(raw)) errors.push(`team_leader_id "${raw}" is not an employee id (a number)`);
      else {
        const leader = await this.employees.findById(ctx.companyId, Number(raw));
        if (!leader) errors.push(`team_leader_id ${raw} does not match an employee of this company`);
        else if (this.leaderProblem(leader)) errors.push(`team_leader_id ${raw} (${leader.email}) ${this.leaderProblem(leader)}`);
        else given.push({ field: 'team_leader_id', id: leader.id });
      }
    }
    if (emailValue !== undefined && (emailValue === null || typeof emailValue === 'string')) {
      const raw = (emailValue ?? '').trim();
      if (raw === '' || raw.toLowerCase() === 'unassigned') given.push({ field: 'team_leader_email', id: null });
      else {
        const leader = await this.employees.findByRef(ctx.companyId, raw);
        if (!leader || leader.email_key !== raw.toLowerCase()) errors.push(`team_leader_email "${raw}" does not match an employee of this company`);
        else if (this.leaderProblem(leader)) errors.push(`team_leader_email "${raw}" ${this.leaderProblem(leader)}`);
        else given.push({ field: 'team_leader_email', id: leader.id });
      }
    }
    if (errors.length > before || given.length === 0) return undefined;
    if (given.length === 2 && given[0].id !== given[1].id) {
      errors.push('team_leader_id and team_leader_email name different team leaders');
      return undefined;
    }
    const ids = given[0].id === null ? [] : [given[0].id];
    const loop = await this.loopProblem(ids, ctx);
    if (loop) {
      errors.push(loop);
      return undefined;
    }
    return ids;
  }
}
