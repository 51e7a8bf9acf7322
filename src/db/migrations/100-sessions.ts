import type { Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';

/**
 * Web app sessions (one row per signed-in browser, so they can be listed and revoked) and the
 * failed sign-ins the login throttle counts, shared by every process.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);
  const pk = primaryKey(db);
  await db.schema
    .createTable('sessions')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('employee_id', 'bigint', (c) => c.notNull().references('employees.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_employee').on('sessions').columns(['company_id', 'employee_id']).execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('id', id, pk)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_subject').on('login_failures').columns(['kind', 'subject', 'failed_at']).execute();
  await db.schema.createIndex('login_failures_time').on('login_failures').column('failed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
  await db.schema.dropTable('sessions').execute();
}
