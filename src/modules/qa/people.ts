import type { Kysely } from 'kysely';
import type { Database, EmployeeRow } from '../../db/schema.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import type { Capability as ProvisioningCapability } from '../employees/permissions.ts';
import { RolesRepository } from '../employees/roles.repository.ts';
import { roleCan } from '../employees/roles.service.ts';

/** How a body names an employee: by email or by custom id. */
export interface EmployeeRef {
  email?: string | null;
  custom_id?: string | null;
}

/** What an acting employee does: a capability of their role (roles live in the provisioning module). */
export type Capability = Extract<ProvisioningCapability, 'can_review' | 'can_audit' | 'can_calibrate' | 'can_coach'>;

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
    private readonly db: Kysely<Database>,
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
    const rows = await this.db.selectFrom('employees').selectAll().where('company_id', '=', this.companyId).where('id', 'in', ids).execute();
    for (const row of rows) this.byId.set(row.id, row);
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

/**
 * Finds the employee a body names (`field` is its path for messages). Unknown → 404;
 * named by neither email nor custom id → 422.
 */
export async function resolveEmployee(db: Kysely<Database>, companyId: number, ref: EmployeeRef | undefined | null, field: string): Promise<EmployeeRow> {
  const email = ref?.email?.trim();
  const customId = ref?.custom_id?.trim();
  if (!email && !customId) throw new UnprocessableError([`${field}.email or ${field}.custom_id is required`]);
  let query = db.selectFrom('employees').selectAll().where('company_id', '=', companyId);
  query = email ? query.where('email_key', '=', email.toLowerCase()) : query.where('custom_id', '=', customId!);
  const employee = await query.executeTakeFirst();
  if (!employee) throw new NotFoundError(`${field} ${email ? `email "${email}"` : `custom_id "${customId}"`} does not match an employee of this company`);
  return employee;
}

/**
 * Resolves an acting employee and checks they are active and their role allows one of
 * `capabilities` (422 otherwise; unknown employee 404).
 */
export async function resolveActor(db: Kysely<Database>, companyId: number, ref: EmployeeRef | undefined | null, field: string, ...capabilities: Capability[]): Promise<EmployeeRow> {
  const employee = await resolveEmployee(db, companyId, ref, field);
  if (employee.status !== 'active') throw new UnprocessableError([`${field} is not an active employee (${employee.status})`]);
  const role = await new RolesRepository(db).findRole(companyId, employee.role);
  if (!capabilities.some((capability) => roleCan(role, capability))) {
    throw new UnprocessableError([`${field} has the role "${employee.role}", which does not allow ${capabilities.map((c) => ACTIVITY[c]).join(' or ')}`]);
  }
  return employee;
}

/** Names of the groups an employee is a member of, snapshotted onto reviews and audits when they are created. */
export async function employeeGroupNames(db: Kysely<Database>, companyId: number, employeeId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('employee_groups')
    .innerJoin('groups', 'groups.id', 'employee_groups.group_id')
    .select('groups.name')
    .where('employee_groups.company_id', '=', companyId)
    .where('employee_groups.employee_id', '=', employeeId)
    .where('employee_groups.kind', '=', 'member')
    .orderBy('groups.name')
    .execute();
  return rows.map((row) => row.name);
}

export async function employeeById(db: Kysely<Database>, companyId: number, id: number): Promise<EmployeeRow> {
  return db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();
}
