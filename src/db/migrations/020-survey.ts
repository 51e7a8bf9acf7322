import { sql, type Kysely } from 'kysely';

/** Survey links, unsubscribes, outbox claims and the suppression lookup. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('surveys')
    .addColumn('interaction_id', 'bigint', (c) => c.primaryKey().references('interactions.id'))
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('rating_source', 'text')
    .addColumn('last_click_rating', 'integer')
    .addColumn('last_click_at', 'bigint')
    .addColumn('scanner_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('unsubscribes')
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('interaction_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('unsubscribes_pk', ['company_id', 'email_key'])
    .execute();

  await db.schema.alterTable('outbox').addColumn('claim_id', 'text').execute();
  await db.schema.createIndex('outbox_claimed').on('outbox').columns(['status', 'claimed_at']).execute();
  await sql`CREATE INDEX interactions_customer ON interactions (company_id, brand_id, lower(customer_email), created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX interactions_customer`.execute(db);
  await db.schema.dropIndex('outbox_claimed').execute();
  await db.schema.alterTable('outbox').dropColumn('claim_id').execute();
  await db.schema.dropTable('unsubscribes').execute();
  await db.schema.dropTable('surveys').execute();
}
