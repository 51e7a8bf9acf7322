import type { EmployeeRow } from '../../db/schema.ts';
import { parseJson } from '../../lib/json.ts';
import type { Company } from '../companies/companies.repository.ts';
import type { KeyKind } from '../companies/credential-cache.ts';
import { isCapability, PERMISSION_NAMES, type Capability, type Permission } from './permissions.ts';

/** Whose records an employee reaches beyond their own: their team and the groups they report on. */
export interface EmployeeReach {
  /** Employees any of whose team leaders is them. */
  teamMemberIds: number[];
  /** Groups they report on. */
  reportingGroupIds: number[];
  /** Members of those groups. */
  reportingGroupMemberIds: number[];
}

/** A company API key: it acts for the whole company (its test key for test data only). */
export interface ApiKeyActor {
  kind: 'api-key';
  keyKind: KeyKind;
}

/** The operator of this installation (the command line, demo data): the whole company. */
export interface OperatorActor {
  kind: 'operator';
}

/** A person of the company, with what their role and permissions allow and whose data they see. */
export interface EmployeeActor {
  kind: 'employee';
  employeeId: number;
  /** Their role's capabilities; `admin` stands for every one. */
  capabilities: ReadonlySet<Capability>;
  permissions: ReadonlySet<Permission>;
  /** Employees any of whose team leaders is them. */
  teamMemberIds: readonly number[];
  /** Groups they report on. */
  reportingGroupIds: readonly number[];
  /** Whose feedback they see: `company` (admin, `view_all_feedback`), or these employees (themselves, their team, their reported groups' members). */
  sees: 'company' | ReadonlySet<number>;
}

export type Actor = ApiKeyActor | OperatorActor | EmployeeActor;

/** Who acts, for which company, on test or production data. Every service call carries one. */
export interface Scope {
  company: Company;
  /** Test data only (the test API key's sandbox): test records are read and written, production ones are not found. */
  testOnly: boolean;
  actor: Actor;
}

/** The scope of a request made with one of the company's API keys. */
export function apiKeyScope(company: Company, keyKind: KeyKind): Scope {
  return { company, testOnly: keyKind === 'test', actor: { kind: 'api-key', keyKind } };
}

/** The scope of the operator's commands on a company's production data. */
export function operatorScope(company: Company): Scope {
  return { company, testOnly: false, actor: { kind: 'operator' } };
}

/**
 * The scope of an employee of `company`, from their row, their role (undefined when the role is
 * unknown: no capabilities) and their reach (employees repository `reach`).
 */
export function employeeScope(
  company: Company,
  employee: Pick<EmployeeRow, 'id' | 'company_id' | 'permissions'>,
  role: { capabilities: readonly string[] } | undefined,
  reach: EmployeeReach,
): Scope {
  if (employee.company_id !== company.id) throw new Error(`employee ${employee.id} is not an employee of company ${company.id}`);
  const capabilities = new Set((role?.capabilities ?? []).filter(isCapability));
  const granted = parseJson<unknown>(employee.permissions, []);
  const permissions = new Set((Array.isArray(granted) ? granted : []).filter((name): name is Permission => PERMISSION_NAMES.includes(name)));
  const seesCompany = capabilities.has('admin') || permissions.has('view_all_feedback');
  return {
    company,
    testOnly: false,
    actor: {
      kind: 'employee',
      employeeId: employee.id,
      capabilities,
      permissions,
      teamMemberIds: reach.teamMemberIds,
      reportingGroupIds: reach.reportingGroupIds,
      sees: seesCompany ? 'company' : new Set([employee.id, ...reach.teamMemberIds, ...reach.reportingGroupMemberIds]),
    },
  };
}
