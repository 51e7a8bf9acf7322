import type { EmployeeRow } from '../../db/schema.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import type { EmployeesRepository } from './employees.repository.ts';
import type { Capability as RoleCapability } from '../access/permissions.ts';
import type { ProvisioningRepository } from './provisioning.repository.ts';
import type { RolesRepository } from './roles.repository.ts';
import { roleCan } from './roles.service.ts';

/** How a body names an employee: by email or by custom id. */
export interface NamedEmployee {
  email?: string | null;
  custom_id?: string | null;
}

/** What an acting employee does: a capability of their role. */
export type Capability = Extract<RoleCapability, 'can_review' | 'can_audit' | 'can_calibrate' | 'can_coach'>;

const ACTIVITY: Record<Capability, string> = { can_review: 'reviewing', can_audit: 'auditing', can_calibrate: 'calibrating', can_coach: 'coaching' };

/** The `{custom_id, email, first_name, last_name}` object of the data-return payloads. */
export interface PersonJson {
  custom_id: string | null;
  email: string;
  first_name: string | null;
  last_name: string | null;
}

export type PersonWithLeaderJson = PersonJson & { team_leader: PersonJson | null };

export function personJson(employee: EmployeeRow): PersonJson {
  return { custom_id: employee.custom_id, email: employee.email, first_name: employee.first_name, last_name: employee.last_name };
}

/** Employees of one company by id, loaded in one query per page, with their team leaders. */
export class PeopleDirectory {
  private readonly byId = new Map<number, EmployeeRow>();

  constructor(
    private readonly employees: EmployeesRepository,
    private readonly companyId: number,
  ) {}

  /** Loads the employees and their team leaders (two queries at most). */
  async load(ids: Iterable<number>): Promise<this> {
    const missing = [...new Set(ids)].filter((id) => !this.byId.has(id));
    if (missing.length > 0) await this.fetch(missing);
    const leaders = [...this.byId.values()].flatMap((e) => (e.team_leader_id && !this.byId.has(e.team_leader_id) ? [e.team_leader_id] : []));
    if (leaders.length > 0) await this.fetch([...new Set(leaders)]);
    return this;
  }

  private async fetch(ids: number[]): Promise<void> {
    for (const row of await this.employees.byIds(this.companyId, ids)) this.byId.set(row.id, row);
  }

  person(id: number): PersonJson {
    const employee = this.byId.get(id);
    if (!employee) throw new Error(`employee ${id} was not loaded`);
    return personJson(employee);
  }

  withLeader(id: number): PersonWithLeaderJson {
    const employee = this.byId.get(id);
    const leader = employee?.team_leader_id ? this.byId.get(employee.team_leader_id) : undefined;
    return { ...this.person(id), team_leader: leader ? personJson(leader) : null };
  }
}

/** Employees as the other modules meet them: named in a request body, acting with a capability of their role, or shown in a payload. */
export class PeopleLookup {
  constructor(
    private readonly employees: EmployeesRepository,
    private readonly roles: RolesRepository,
    private readonly provisioning: ProvisioningRepository,
  ) {}

  /**
   * Finds the employee a body names (`field` is its path for messages). Unknown → 404;
   * named by neither email nor custom id → 422.
   */
  async resolveEmployee(companyId: number, ref: NamedEmployee | undefined | null, field: string): Promise<EmployeeRow> {
    const email = ref?.email?.trim();
    const customId = ref?.custom_id?.trim();
    if (!email && !customId) throw new UnprocessableError([`${field}.email or ${field}.custom_id is required`]);
    const employee = email ? await this.employees.findByEmail(companyId, email) : await this.employees.findByCustomId(companyId, customId!);
    if (!employee) throw new NotFoundError(`${field} ${email ? `email "${email}"` : `custom_id "${customId}"`} does not match an employee of this company`);
    return employee;
  }

  /**
   * Resolves an acting employee and checks they are active and their role allows one of
   * `capabilities` (422 otherwise; unknown employee 404).
   */
  async resolveActor(companyId: number, ref: NamedEmployee | undefined | null, field: string, ...capabilities: Capability[]): Promise<EmployeeRow> {
    const employee = await this.resolveEmployee(companyId, ref, field);
    if (employee.status !== 'active') throw new UnprocessableError([`${field} is not an active employee (${employee.status})`]);
    const role = await this.roles.findRole(companyId, employee.role);
    if (!capabilities.some((capability) => roleCan(role, capability))) {
      throw new UnprocessableError([`${field} has the role "${employee.role}", which does not allow ${capabilities.map((c) => ACTIVITY[c]).join(' or ')}`]);
    }
    return employee;
  }

  /** Names of the groups an employee is a member of, snapshotted onto reviews and audits when they are created. */
  async groupNames(companyId: number, employeeId: number): Promise<string[]> {
    return (await this.provisioning.groupsOf(companyId, [employeeId])).get(employeeId)!.member;
  }

  byId(companyId: number, id: number): Promise<EmployeeRow> {
    return this.employees.byId(companyId, id);
  }

  /** A directory of these employees of the company and their team leaders. */
  directory(companyId: number, ids: Iterable<number>): Promise<PeopleDirectory> {
    return new PeopleDirectory(this.employees, companyId).load(ids);
  }
}
