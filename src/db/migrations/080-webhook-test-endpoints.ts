import type { Kysely } from 'kysely';

/**
 * Endpoints registered with the test key receive only the events of test interactions, and those
 * registered with the production key only production events. Existing endpoints are production ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').dropColumn('is_test').execute();
}
