import type { Actor, Scope } from './scope.ts';

/** Actions on an employee's records: their interactions and feedback, QA reviews of them, coaching them. */
export type EmployeeAction = 'read-feedback' | 'review' | 'coach';

/** Actions on the company as a whole. */
export type CompanyAction = 'manage-employees' | 'manage-settings' | 'export';

export type Action = EmployeeAction | CompanyAction;

/** An employee's records (an interaction: its company, employee and whether it is test data). */
export interface EmployeeResource {
  companyId: number;
  employeeId: number;
  /** Test data (an interaction of the test key); when given it must match the scope's. */
  isTest?: boolean;
}

export interface CompanyResource {
  companyId: number;
}

/** How a repository narrows a company's interactions to a scope (the company id is passed first, as always). */
export interface InteractionScopeFilter {
  isTest: boolean;
  /** Only interactions of these employees (never empty: an employee sees themself); absent: every employee of the company. */
  employeeIds?: readonly number[];
}

const EMPLOYEE_ACTIONS: ReadonlySet<Action> = new Set<EmployeeAction>(['read-feedback', 'review', 'coach']);

/**
 * Whether the scope's actor may do `action` on `resource`. Nothing outside the scope's company,
 * nor data of the other kind (test or production), is ever allowed.
 * - An API key acts for the whole company: the production key may do everything, the test key
 *   only read (its feeds and exports).
 * - The operator may do everything.
 * - An employee reads the feedback of whom they see (themselves, their team, their reported
 *   groups' members; everyone with `view_all_feedback` or admin), reviews and coaches them with
 *   the role's `can_review` / `can_coach`, and manages employees, settings or exports with
 *   `manage_users`, `manage_settings`, `view_exports` (admin: everything).
 */
export function can(scope: Scope, action: EmployeeAction, resource: EmployeeResource): boolean;
export function can(scope: Scope, action: CompanyAction, resource: CompanyResource): boolean;
export function can(scope: Scope, action: Action, resource: EmployeeResource | CompanyResource): boolean {
  if (resource.companyId !== scope.company.id) return false;
  if (EMPLOYEE_ACTIONS.has(action)) {
    const { employeeId, isTest } = resource as EmployeeResource;
    if (isTest !== undefined && isTest !== scope.testOnly) return false;
    if (!sees(scope.actor, employeeId)) return false;
  }
  return allows(scope.actor, action);
}

/** The repository filter that admits exactly the interactions the scope may read. */
export function interactionFilter(scope: Scope): InteractionScopeFilter {
  const { actor } = scope;
  if (actor.kind !== 'employee' || actor.sees === 'company') return { isTest: scope.testOnly };
  return { isTest: scope.testOnly, employeeIds: [...actor.sees].sort((a, b) => a - b) };
}

function sees(actor: Actor, employeeId: number): boolean {
  return actor.kind !== 'employee' || actor.sees === 'company' || actor.sees.has(employeeId);
}

function allows(actor: Actor, action: Action): boolean {
  switch (actor.kind) {
    case 'operator':
      return true;
    case 'api-key':
      return actor.keyKind === 'production' || action === 'read-feedback' || action === 'export';
    case 'employee': {
      if (actor.capabilities.has('admin')) return true;
      switch (action) {
        case 'read-feedback':
          return true;
        case 'review':
          return actor.capabilities.has('can_review');
        case 'coach':
          return actor.capabilities.has('can_coach');
        case 'manage-employees':
          return actor.permissions.has('manage_users');
        case 'manage-settings':
          return actor.permissions.has('manage_settings');
        case 'export':
          return actor.permissions.has('view_exports');
      }
    }
  }
}
