import type { EmployeeRow } from '../../db/schema.ts';
import {
  DEFAULT_EMPLOYEE_CHANNELS, EMPLOYMENT_STATUSES, LICENSE_TYPES, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH,
  READ_ONLY_FIELDS, WRITABLE_FIELDS, checkEmail, checkImageUrl, isIsoDate, quoted,
} from './employee-fields.ts';
import { PERMISSION_NAMES } from '../access/permissions.ts';
import type { EmployeeChanges, GroupAssignment, ProvisioningRepository } from './provisioning.repository.ts';
import type { RolesRepository } from './roles.repository.ts';
import { TeamLeaderValidator } from './team-leader-validation.ts';

export type Mode = 'create' | 'invite' | 'update';

export interface ValidationContext {
  companyId: number;
  /** The company's channels; an employee's channels must be among them. */
  companyChannels: string[];
  mode: Mode;
  /** The employee being updated. */
  existing?: EmployeeRow;
  /**
   * Every team leader, by email (the command line's repeated --team-leader); replaces the body's
   * single team_leader_id / team_leader_email. ["unassigned"] (or [""]) clears them.
   */
  teamLeaderEmails?: string[];
}

export interface ValidatedInput {
  changes: EmployeeChanges;
  groups: GroupAssignment;
  /** Set when a temporary password was given; hashed by the caller. */
  temporaryPassword?: string;
  errors: string[];
}

type Body = Record<string, unknown>;

const MAX_LIST_ITEMS = 200;

const TEXT_LIMITS: Record<string, number> = {
  custom_employee_id: 255, first_name: 100, last_name: 100, hometown: 200, state_or_country: 200, profile_text: 5000, image: 2000,
};

/**
 * Turns a provisioning body into column changes, collecting every problem as a message.
 * Only fields present in the body produce changes; wrong JSON types are reported by the
 * route's schema and skipped here.
 */
export class EmployeeValidator {
  private readonly teamLeaders: TeamLeaderValidator;

  constructor(
    employees: ProvisioningRepository,
    private readonly roles: RolesRepository,
  ) {
    this.teamLeaders = new TeamLeaderValidator(employees);
  }

  async validate(body: Body, ctx: ValidationContext): Promise<ValidatedInput> {
    const errors: string[] = [];
    const changes: EmployeeChanges = {};
    const groups: GroupAssignment = {};
    const has = (field: string) => Object.prototype.hasOwnProperty.call(body, field) && body[field] !== undefined;
    const creating = ctx.mode !== 'update';

    for (const field of Object.keys(body)) {
      if (!WRITABLE_FIELDS.includes(field) && !READ_ONLY_FIELDS.includes(field)) errors.push(`${field} is not a field of an employee`);
    }

    const text = (field: string): string | null | undefined => {
      const value = body[field];
      if (value === undefined) return undefined;
      if (value === null) return null;
      if (typeof value !== 'string' && !(typeof value === 'number' && field === 'custom_employee_id')) return undefined;
      const trimmed = String(value).trim();
      const limit = TEXT_LIMITS[field];
      if (limit && trimmed.length > limit) {
        errors.push(`${field} must be at most ${limit} characters`);
        return undefined;
      }
      return trimmed === '' ? null : trimmed;
    };

    const email = text('email');
    if (email) {
      const problem = checkEmail(email);
      if (problem) errors.push(problem);
      else Object.assign(changes, { email, email_key: email.toLowerCase() });
    } else if (creating || email === null) {
      if (typeof body.email !== 'number' && typeof body.email !== 'boolean') errors.push('email is required');
    }

    const customId = text('custom_employee_id');
    if (customId !== undefined) changes.custom_id = customId;

    for (const [field, column] of [['first_name', 'first_name'], ['last_name', 'last_name']] as const) {
      const value = text(field);
      if (value !== undefined) changes[column] = value;
      if (ctx.mode === 'create' && !value && (body[field] === undefined || body[field] === null || body[field] === '')) {
        errors.push(`${field} is required`);
      }
    }

    for (const field of ['hometown', 'state_or_country', 'profile_text'] as const) {
      const value = text(field);
      if (value !== undefined) changes[field] = value;
    }

    const password = body.temporary_password;
    let temporaryPassword: string | undefined;
    if (typeof password === 'string') {
      if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
        errors.push(`temporary_password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`);
      } else {
        temporaryPassword = password;
      }
    }

    const license = text('license_type');
    if (license !== undefined) {
      if (license === null || !LICENSE_TYPES.includes(license)) {
        errors.push(`license_type ${license === null ? 'must not be empty' : `"${license}" is not allowed`}; allowed values: ${LICENSE_TYPES.join(', ')}`);
      } else changes.license_type = license;
    }

    const employment = text('employment_status');
    if (employment !== undefined) {
      if (employment !== null && !EMPLOYMENT_STATUSES.includes(employment)) {
        errors.push(`employment_status "${employment}" is not allowed; allowed values: ${EMPLOYMENT_STATUSES.join(', ')}`);
      } else changes.employment_status = employment;
    }

    const startDate = text('start_date');
    if (startDate !== undefined) {
      if (startDate !== null && !isIsoDate(startDate)) errors.push(`start_date "${startDate}" is not a date in the format YYYY-MM-DD (e.g. 2023-02-05)`);
      else changes.start_date = startDate;
    }

    const image = text('image');
    if (image !== undefined) {
      const problem = image === null ? null : checkImageUrl(image);
      if (problem) errors.push(problem);
      else changes.image = image;
    }

    const channels = this.list(body, 'channels', errors);
    if (channels !== undefined) {
      const unknown = channels.filter((c) => !ctx.companyChannels.includes(c));
      if (unknown.length > 0) errors.push(`channels ${quoted(unknown)} not among this company's channels; allowed values: ${ctx.companyChannels.join(', ')}`);
      else changes.channels = JSON.stringify(channels.length > 0 || body.channels !== null ? channels : DEFAULT_EMPLOYEE_CHANNELS);
    }

    const permissions = this.list(body, 'permissions', errors);
    if (permissions !== undefined) {
      const unknown = permissions.filter((p) => !PERMISSION_NAMES.includes(p));
      if (unknown.length > 0) errors.push(`permissions ${quoted(unknown)} unknown; allowed values: ${PERMISSION_NAMES.join(', ')}`);
      else changes.permissions = JSON.stringify(permissions);
    }

    if (has('role')) {
      const role = text('role');
      if (role === null) errors.push('role must not be empty');
      else if (role !== undefined) {
        const roles = await this.roles.listRoles(ctx.companyId);
        if (!roles.some((r) => r.name === role)) errors.push(`role "${role}" does not exist; roles of this company: ${quoted(roles.map((r) => r.name))}`);
        else changes.role = role;
      }
    }

    if (typeof body.manage_team === 'boolean') {
      if (ctx.existing?.manage_team === 1 && body.manage_team === false) {
        errors.push('manage_team cannot be set back to false once true; reassign their team and change their role instead');
      } else changes.manage_team = body.manage_team ? 1 : 0;
    }

    for (const [field, kind] of [['groups', 'member'], ['reporting_groups', 'reporting']] as const) {
      const names = this.list(body, field, errors);
      if (names === undefined) continue;
      const found = await this.employeesGroups(ctx.companyId, names);
      const missing = names.filter((n) => !found.has(n));
      if (missing.length > 0) errors.push(`${field} ${quoted(missing)} ${missing.length === 1 ? 'does' : 'do'} not exist (group names are case-sensitive)`);
      else groups[kind] = names.map((n) => found.get(n)!);
    }

    const leaders = ctx.teamLeaderEmails
      ? await this.teamLeaders.teamLeadersByEmail(ctx.teamLeaderEmails, ctx, errors)
      : await this.teamLeaders.teamLeader(body, ctx, errors);
    if (leaders !== undefined) groups.teamLeaders = leaders;

    return { changes, groups, temporaryPassword, errors };
  }

  /** The distinct strings of an array field; null means empty; undefined when absent, mistyped or too long. */
  private list(body: Body, field: string, errors: string[]): string[] | undefined {
    const value = body[field];
    if (value === null) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
    if (value.length > MAX_LIST_ITEMS) {
      errors.push(`${field} must have at most ${MAX_LIST_ITEMS} items`);
      return undefined;
    }
    return [...new Set(value.map((v) => v.trim()).filter((v) => v !== ''))];
  }

  private async employeesGroups(companyId: number, names: string[]): Promise<Map<string, number>> {
    const groups = await this.roles.findGroups(companyId, names);
    return new Map(groups.map((g) => [g.name, g.id]));
  }
}
