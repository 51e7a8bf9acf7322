import { sql, type Kysely } from 'kysely';

/**
 * An employee may have several team leaders. employees.team_leader_id stays the first (primary)
 * one, which the public API shows; this table holds all of them and decides who leads whom.
 * Backfilled from employees.team_leader_id (only leaders of the same company).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('employee_team_leaders')
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('employee_id', 'bigint', (c) => c.notNull().references('employees.id'))
    .addColumn('team_leader_id', 'bigint', (c) => c.notNull().references('employees.id'))
    /** 0 for the primary leader (employees.team_leader_id), then the order they were given in. */
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('employee_team_leaders_pk', ['company_id', 'employee_id', 'team_leader_id'])
    .execute();
  await db.schema
    .createIndex('employee_team_leaders_leader')
    .on('employee_team_leaders')
    .columns(['company_id', 'team_leader_id', 'employee_id'])
    .execute();
  await sql`
    INSERT INTO employee_team_leaders (company_id, employee_id, team_leader_id, position)
    SELECT e.company_id, e.id, e.team_leader_id, 0
    FROM employees e
    JOIN employees l ON l.id = e.team_leader_id AND l.company_id = e.company_id
    WHERE e.team_leader_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('employee_team_leaders').execute();
}
