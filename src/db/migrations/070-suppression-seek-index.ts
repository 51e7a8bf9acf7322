import { sql, type Kysely } from 'kysely';

/**
 * The suppression check seeks one (company, customer email, brand) at a time, test or not, within
 * the period: this index holds every column it compares, so whatever the planner's statistics
 * (none yet on a new database, stale on a grown one) no other index looks cheaper. It replaces
 * interactions_customer_email (050), which lacked brand_id and is_test, so a planner without
 * statistics preferred interactions_feed (company_id, is_test) and read every interaction of the
 * company for each batch.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('interactions_suppression')
    .on('interactions')
    .column('company_id')
    .expression(sql`lower(customer_email)`)
    .columns(['brand_id', 'is_test', 'created_at'])
    .execute();
  await db.schema.dropIndex('interactions_customer_email').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('interactions_customer_email')
    .on('interactions')
    .column('company_id')
    .expression(sql`lower(customer_email)`)
    .column('created_at')
    .execute();
  await db.schema.dropIndex('interactions_suppression').ifExists().execute();
}
