import { type Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';

/**
 * Password reset links (only the SHA-256 of each token is stored) and the requests for them,
 * counted per email and per client address (both hashed) to throttle the "forgot password" form.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);
  const pk = primaryKey(db);
  await db.schema
    .createTable('password_resets')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('employee_id', 'bigint', (c) => c.notNull().references('employees.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('password_resets_employee').on('password_resets').columns(['company_id', 'employee_id']).execute();

  await db.schema
    .createTable('password_reset_requests')
    .addColumn('id', id, pk)
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_reset_requests_email').on('password_reset_requests').columns(['email_hash', 'created_at']).execute();
  await db.schema.createIndex('password_reset_requests_client').on('password_reset_requests').columns(['client_hash', 'created_at']).execute();
  await db.schema.createIndex('password_reset_requests_created').on('password_reset_requests').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_reset_requests').execute();
  await db.schema.dropTable('password_resets').execute();
}
