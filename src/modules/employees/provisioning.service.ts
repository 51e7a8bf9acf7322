import type { EmployeeRow } from '../../db/schema.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { hashPassword } from '../../lib/passwords.ts';
import type { Company } from '../companies/companies.repository.ts';
import { DEFAULT_EMPLOYEE_CHANNELS, EMPLOYMENT_STATUSES } from './employee-fields.ts';
import type { EmployeeValidator, Mode } from './employee-validation.ts';
import { employeeView, type EmployeeView } from './employee-view.ts';
import { DEFAULT_ROLE } from './employees.repository.ts';
import type { EmployeeFilters, ProvisioningRepository } from './provisioning.repository.ts';

type Body = Record<string, unknown>;

/** The outbox kind of the welcome email with the set-password link. */
export const EMPLOYEE_INVITE_KIND = 'employee_invite';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** The API's status filter values and what they select. */
const STATUS_FILTERS: Record<string, Pick<EmployeeFilters, 'statuses' | 'confirmed'>> = {
  active: { statuses: ['active'] },
  deactivated: { statuses: ['deactivated'] },
  confirmed: { statuses: ['active'], confirmed: true },
  created: { statuses: ['pending'] },
  'pending review': { statuses: ['pending'] },
  unapproved: { statuses: ['pending'] },
};

export interface ListQuery {
  external_id?: string;
  after?: string;
  number_of_employees?: string;
  status?: string[];
  employee_status?: string[];
  team_leader_ids?: string[];
  reporting_groups?: string[];
  roles?: string[];
  q?: string;
}

/** What only the command line gives when it creates or changes an employee. */
export interface CommandLineExtras {
  /** scrypt hash of the employee's own password (--password-stdin). */
  passwordHash?: string;
  /** Every team leader by email (repeated --team-leader); ["unassigned"] clears them. */
  teamLeaderEmails?: string[];
}

export interface EmployeePage {
  employees: EmployeeView[];
  meta: { next_page: string | null };
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function values(list: string[] | undefined): string[] {
  return (list ?? []).map((v) => v.trim()).filter((v) => v !== '');
}

/** The user provisioning API (/v2/employees): list, get, create, invite, update, (de)activate. */
export class ProvisioningService {
  constructor(
    private readonly repository: ProvisioningRepository,
    private readonly validator: EmployeeValidator,
    private readonly publicUrl: string,
    /** Called after an existing employee changed (ingestion caches employee lookups). */
    private readonly onEmployeeChange: () => void = () => {},
    /** Ends the employee's web app sessions (their password, role or status changed). */
    private readonly endSessions: (companyId: number, employeeId: number) => Promise<void> = async () => {},
  ) {}

  async get(company: Company, ref: string): Promise<EmployeeView> {
    return this.view(company.id, await this.require(company.id, ref));
  }

  async list(company: Company, query: ListQuery): Promise<EmployeePage> {
    const errors: string[] = [];
    const size = present(query.number_of_employees);
    let limit = DEFAULT_PAGE_SIZE;
    if (size !== undefined) {
      if (!/^\d{1,9}$/.test(size) || Number(size) < 1) errors.push(`number_of_employees "${size}" must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
      else limit = Math.min(Number(size), MAX_PAGE_SIZE);
    }
    const afterId = await this.cursor(company.id, query, errors);

    const filters: EmployeeFilters = {};
    const statuses = values(query.status);
    if (statuses.length > 1) errors.push('status may be given once');
    else if (statuses.length === 1) {
      const filter = STATUS_FILTERS[statuses[0].toLowerCase()];
      if (!filter) errors.push(`status "${statuses[0]}" is not allowed; allowed values: ${Object.keys(STATUS_FILTERS).join(', ')}`);
      else Object.assign(filters, filter);
    }
    filters.employmentStatuses = values(query.employee_status);
    const badEmployment = filters.employmentStatuses.filter((s) => !EMPLOYMENT_STATUSES.includes(s));
    if (badEmployment.length > 0) errors.push(`employee_status "${badEmployment.join('", "')}" is not allowed; allowed values: ${EMPLOYMENT_STATUSES.join(', ')}`);
    const leaderIds = values(query.team_leader_ids);
    const badLeaders = leaderIds.filter((id) => !/^\d{1,15}$/.test(id));
    if (badLeaders.length > 0) errors.push(`team_leader_ids must be numeric employee ids ("${badLeaders.join('", "')}" is not)`);
    filters.teamLeaderIds = leaderIds.map(Number);
    filters.groups = values(query.reporting_groups);
    filters.roles = values(query.roles);
    filters.q = present(query.q);
    if (errors.length > 0) throw new UnprocessableError(errors);

    const rows = await this.repository.list(company.id, filters, afterId, limit + 1);
    const page = rows.slice(0, limit);
    const views = await this.views(company.id, page);
    const more = rows.length > limit;
    return { employees: views, meta: { next_page: more ? this.nextPage(query, page[page.length - 1].id, size !== undefined ? limit : null) : null } };
  }

  /** Every employee of the company in id order, optionally only those with one of `statuses` (as stored). */
  async listAll(company: Company, statuses: string[] = []): Promise<EmployeeView[]> {
    const all: EmployeeView[] = [];
    for (let afterId = 0; ; ) {
      const rows = await this.repository.list(company.id, { statuses }, afterId, MAX_PAGE_SIZE);
      all.push(...(await this.views(company.id, rows)));
      if (rows.length < MAX_PAGE_SIZE) return all;
      afterId = rows[rows.length - 1].id;
    }
  }

  /**
   * POST /v2/employees (mode create: active) and /v2/employees/invite (mode invite: pending, welcome email).
   * The command line's extras: `passwordHash` (--password-stdin) is stored as the employee's own
   * password, not a temporary one; `teamLeaderEmails` (repeated --team-leader) sets several team leaders.
   */
  async create(company: Company, body: Body, schemaErrors: string[], mode: Exclude<Mode, 'update'>, extras: CommandLineExtras = {}): Promise<EmployeeView> {
    const { passwordHash, teamLeaderEmails } = extras;
    const input = await this.validator.validate(body, { companyId: company.id, companyChannels: company.channels, mode, teamLeaderEmails });
    const errors = [...schemaErrors, ...input.errors];
    await this.checkUnique(company.id, input.changes, null, errors);
    if (errors.length > 0) throw new UnprocessableError(unique(errors));
    const { changes } = input;
    const row = await this.repository.create(
      company.id,
      {
        ...changes,
        email: changes.email!,
        email_key: changes.email_key!,
        role: changes.role ?? DEFAULT_ROLE,
        status: mode === 'invite' ? 'pending' : 'active',
        manage_team: changes.manage_team ?? 0,
        channels: changes.channels ?? JSON.stringify(DEFAULT_EMPLOYEE_CHANNELS),
        ...(passwordHash ? { password_hash: passwordHash, password_must_change: 0 } : await this.password(input.temporaryPassword)),
      },
      input.groups,
      mode === 'invite' ? EMPLOYEE_INVITE_KIND : undefined,
    );
    return this.view(company.id, row);
  }

  /**
   * PUT /v2/employees/:id: only the given fields change; a given list replaces the old one.
   * `teamLeaderEmails` (the command line's repeated --team-leader) replaces every team leader.
   */
  async update(company: Company, ref: string, body: Body, schemaErrors: string[], extras: Pick<CommandLineExtras, 'teamLeaderEmails'> = {}): Promise<EmployeeView> {
    const existing = await this.require(company.id, ref);
    const input = await this.validator.validate(body, { companyId: company.id, companyChannels: company.channels, mode: 'update', existing, teamLeaderEmails: extras.teamLeaderEmails });
    const errors = [...schemaErrors, ...input.errors];
    await this.checkUnique(company.id, input.changes, existing.id, errors);
    if (errors.length > 0) throw new UnprocessableError(unique(errors));
    const changes = { ...input.changes, ...(await this.password(input.temporaryPassword)) };
    const row = await this.repository.update(company.id, existing.id, changes, input.groups);
    this.onEmployeeChange();
    if (row.role !== existing.role || row.status !== existing.status || input.temporaryPassword !== undefined) await this.endSessions(company.id, row.id);
    return this.view(company.id, row);
  }

  /** Every team leader's email of these employees (keyed by their lower-cased email), primary first. */
  async teamLeaderEmails(company: Company, employees: Pick<EmployeeView, 'email'>[]): Promise<Map<string, string[]>> {
    return this.repository.leaderEmails(company.id, employees.map((e) => e.email.toLowerCase()));
  }

  async setActive(company: Company, ref: string, active: boolean): Promise<EmployeeView> {
    const existing = await this.require(company.id, ref);
    const row = await this.repository.update(company.id, existing.id, { status: active ? 'active' : 'deactivated' }, {});
    this.onEmployeeChange();
    if (!active) await this.endSessions(company.id, row.id);
    return this.view(company.id, row);
  }

  private async require(companyId: number, ref: string): Promise<EmployeeRow> {
    const employee = ref.trim() === '' ? undefined : await this.repository.findByRef(companyId, ref);
    if (!employee) throw new NotFoundError(`Team member not found: no employee with email or custom_employee_id "${ref}"`);
    return employee;
  }

  private async password(temporary: string | undefined) {
    if (temporary === undefined) return {};
    return { password_hash: await hashPassword(temporary), password_must_change: 1 };
  }

  /** Friendly duplicate messages; the unique constraints still decide under concurrency. */
  private async checkUnique(companyId: number, changes: { email_key?: string; custom_id?: string | null }, selfId: number | null, errors: string[]) {
    if (changes.email_key) {
      const other = await this.repository.findByRef(companyId, changes.email_key);
      if (other && other.email_key === changes.email_key && other.id !== selfId) errors.push(`email "${other.email}" is already used by another employee of this company`);
    }
    if (changes.custom_id) {
      const other = await this.repository.findByCustomId(companyId, changes.custom_id);
      if (other && other.id !== selfId) errors.push(`custom_employee_id "${changes.custom_id}" is already used by another employee of this company`);
    }
  }

  /** `after` (our numeric cursor) or `external_id` (email or custom id of the last employee seen). */
  private async cursor(companyId: number, query: ListQuery, errors: string[]): Promise<number> {
    const after = present(query.after);
    const external = present(query.external_id);
    const value = after ?? external;
    if (value === undefined) return 0;
    const field = after !== undefined ? 'after' : 'external_id';
    if (after !== undefined && /^\d{1,15}$/.test(after)) return Number(after);
    const employee = await this.repository.findByRef(companyId, value);
    if (employee) return employee.id;
    if (/^\d{1,15}$/.test(value)) return Number(value);
    errors.push(`${field} "${value}" does not match an employee of this company`);
    return 0;
  }

  private nextPage(query: ListQuery, lastId: number, size: number | null): string {
    const params = new URLSearchParams();
    for (const key of ['status', 'employee_status', 'team_leader_ids', 'reporting_groups', 'roles'] as const) {
      for (const value of values(query[key])) params.append(key, value);
    }
    const q = present(query.q);
    if (q) params.set('q', q);
    if (size !== null) params.set('number_of_employees', String(size));
    params.set('after', String(lastId));
    return `${this.publicUrl}/v2/employees?${params.toString()}`;
  }

  private async view(companyId: number, row: EmployeeRow): Promise<EmployeeView> {
    return (await this.views(companyId, [row]))[0];
  }

  private async views(companyId: number, rows: EmployeeRow[]): Promise<EmployeeView[]> {
    const leaderIds = [...new Set(rows.flatMap((r) => (r.team_leader_id === null ? [] : [r.team_leader_id])))];
    const [leaders, groups] = await Promise.all([
      this.repository.emailsByIds(companyId, leaderIds),
      this.repository.groupsOf(companyId, rows.map((r) => r.id)),
    ]);
    return rows.map((row) =>
      employeeView(row, row.team_leader_id === null ? null : (leaders.get(row.team_leader_id) ?? null), groups.get(row.id) ?? { member: [], reporting: [] }),
    );
  }
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}
