import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { parseJson } from '../../lib/json.ts';
import { DEFAULT_ROLES, type Capability } from '../access/permissions.ts';

export interface Role {
  id: number;
  name: string;
  capabilities: Capability[];
}

export interface Group {
  id: number;
  name: string;
}

/** Roles and groups of one company at a time; every query takes the company id first. */
export class RolesRepository {
  /** Companies whose default roles are known to exist (this process). */
  private readonly seeded = new Set<number>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the default roles of a company that has none of them yet (idempotent, race-safe). */
  async ensureDefaultRoles(companyId: number): Promise<void> {
    if (this.seeded.has(companyId)) return;
    const now = Date.now();
    await this.db
      .insertInto('roles')
      .values(DEFAULT_ROLES.map((role) => ({ company_id: companyId, name: role.name, capabilities: JSON.stringify(role.capabilities), created_at: now })))
      .onConflict((oc) => oc.columns(['company_id', 'name']).doNothing())
      .execute();
    this.seeded.add(companyId);
  }

  async listRoles(companyId: number): Promise<Role[]> {
    await this.ensureDefaultRoles(companyId);
    const rows = await this.db.selectFrom('roles').select(['id', 'name', 'capabilities']).where('company_id', '=', companyId).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, capabilities: parseJson<Capability[]>(row.capabilities, []) }));
  }

  async findRole(companyId: number, name: string): Promise<Role | undefined> {
    return (await this.listRoles(companyId)).find((role) => role.name === name);
  }

  async addRole(companyId: number, name: string, capabilities: Capability[]): Promise<Role> {
    await this.ensureDefaultRoles(companyId);
    const row = await this.db
      .insertInto('roles')
      .values({ company_id: companyId, name, capabilities: JSON.stringify(capabilities), created_at: Date.now() })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, capabilities };
  }

  async listGroups(companyId: number): Promise<Group[]> {
    return this.db.selectFrom('groups').select(['id', 'name']).where('company_id', '=', companyId).orderBy('name').execute();
  }

  /** Groups whose names are exactly (case-sensitively) among `names`. */
  async findGroups(companyId: number, names: string[]): Promise<Group[]> {
    if (names.length === 0) return [];
    return this.db.selectFrom('groups').select(['id', 'name']).where('company_id', '=', companyId).where('name', 'in', names).execute();
  }

  async addGroup(companyId: number, name: string): Promise<Group> {
    return this.db
      .insertInto('groups')
      .values({ company_id: companyId, name, created_at: Date.now() })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  }
}
