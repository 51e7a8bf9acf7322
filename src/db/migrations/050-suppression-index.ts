import { sql, type Kysely } from 'kysely';

/** The suppression check looks up recent surveys by customer email: without this it scans a week of interactions per batch. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX interactions_customer_email ON interactions (company_id, lower(customer_email), created_at)`.execute(db);
}
