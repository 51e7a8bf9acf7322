import { sql, type Kysely } from 'kysely';

/**
 * interactions_customer (company_id, brand_id, lower(customer_email), created_at) is covered by
 * interactions_customer_email (050), which the suppression check uses; dropping it saves one
 * index update per stored interaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS interactions_customer`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX interactions_customer ON interactions (company_id, brand_id, lower(customer_email), created_at)`.execute(db);
}
