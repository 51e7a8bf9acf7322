import type { EmployeeRow } from '../../db/schema.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import { CAPABILITIES, isCapability, type Capability } from '../access/permissions.ts';
import type { Group, Role, RolesRepository } from './roles.repository.ts';

/** True when the role grants `capability`; `admin` grants everything. */
export function roleCan(role: Pick<Role, 'capabilities'> | undefined, capability: Capability): boolean {
  if (!role) return false;
  return role.capabilities.includes('admin') || role.capabilities.includes(capability);
}

/** Roles (with capabilities) and groups of a company: the CLI today, the web app later. */
export class RolesService {
  constructor(private readonly repository: RolesRepository) {}

  listRoles(companyId: number): Promise<Role[]> {
    return this.repository.listRoles(companyId);
  }

  findRole(companyId: number, name: string): Promise<Role | undefined> {
    return this.repository.findRole(companyId, name);
  }

  /**
   * Whether an employee's role grants a capability (admin grants all). Only active
   * employees can do anything.
   */
  async employeeCan(employee: Pick<EmployeeRow, 'company_id' | 'role' | 'status'>, capability: Capability): Promise<boolean> {
    if (employee.status !== 'active') return false;
    return roleCan(await this.repository.findRole(employee.company_id, employee.role), capability);
  }

  async addRole(companyId: number, name: string, capabilities: string[] = []): Promise<Role> {
    const trimmed = name.trim();
    if (!trimmed) throw new InvalidInputError('role name must not be empty');
    const unknown = capabilities.filter((c) => !isCapability(c));
    if (unknown.length > 0) {
      throw new InvalidInputError(`unknown capability ${unknown.map((c) => `"${c}"`).join(', ')}; allowed: ${CAPABILITIES.join(', ')}`);
    }
    if (await this.repository.findRole(companyId, trimmed)) throw new InvalidInputError(`role "${trimmed}" already exists`);
    return this.repository.addRole(companyId, trimmed, [...new Set(capabilities as Capability[])]);
  }

  listGroups(companyId: number): Promise<Group[]> {
    return this.repository.listGroups(companyId);
  }

  async addGroup(companyId: number, name: string): Promise<Group> {
    const trimmed = name.trim();
    if (!trimmed) throw new InvalidInputError('group name must not be empty');
    if ((await this.repository.findGroups(companyId, [trimmed])).length > 0) throw new InvalidInputError(`group "${trimmed}" already exists`);
    return this.repository.addGroup(companyId, trimmed);
  }
}
