import { type Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';

/** The default roles as of this migration (the live list is access/permissions.ts DEFAULT_ROLES). */
const DEFAULT_ROLES: { name: string; capabilities: string[] }[] = [
  { name: 'Team Member [Default]', capabilities: [] },
  { name: 'Team Leader', capabilities: ['can_review', 'can_coach'] },
  { name: 'QA Reviewer', capabilities: ['can_review', 'can_audit', 'can_calibrate'] },
  { name: 'Admin', capabilities: ['admin', 'can_review', 'can_coach', 'can_audit', 'can_calibrate'] },
];

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);
  const pk = primaryKey(db);

  const columns: [string, 'text' | 'integer' | 'bigint', unknown][] = [
    ['license_type', 'text', 'standard'],
    ['channels', 'text', '["phone","chat","email"]'],
    ['employment_status', 'text', undefined],
    ['start_date', 'text', undefined],
    ['hometown', 'text', undefined],
    ['state_or_country', 'text', undefined],
    ['permissions', 'text', '[]'],
    ['password_hash', 'text', undefined],
    ['password_must_change', 'integer', 0],
    ['last_active_at', 'bigint', undefined],
  ];
  for (const [name, type, fallback] of columns) {
    await db.schema
      .alterTable('employees')
      .addColumn(name, type, (c) => (fallback === undefined ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
  await db.schema.createIndex('employees_company_order').on('employees').columns(['company_id', 'id']).execute();
  await db.schema.createIndex('employees_company_leader').on('employees').columns(['company_id', 'team_leader_id']).execute();

  await db.schema
    .createTable('roles')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capabilities', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('roles_company_name', ['company_id', 'name'])
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('groups_company_name', ['company_id', 'name'])
    .execute();

  await db.schema
    .createTable('employee_groups')
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('employee_id', 'bigint', (c) => c.notNull().references('employees.id'))
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('groups.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('employee_groups_pk', ['employee_id', 'kind', 'group_id'])
    .execute();
  await db.schema.createIndex('employee_groups_group').on('employee_groups').columns(['company_id', 'group_id', 'kind']).execute();

  await db.schema
    .createTable('employee_invites')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('employee_id', 'bigint', (c) => c.notNull().references('employees.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('employee_invites_employee').on('employee_invites').columns(['company_id', 'employee_id']).execute();

  const now = Date.now();
  const companies = await db.selectFrom('companies').select('id').execute();
  for (const company of companies) {
    for (const role of DEFAULT_ROLES) {
      await db
        .insertInto('roles')
        .values({ company_id: company.id, name: role.name, capabilities: JSON.stringify(role.capabilities), created_at: now })
        .execute();
    }
  }
}
