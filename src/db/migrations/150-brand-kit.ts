import { type Kysely } from 'kysely';

/**
 * The customer's experience: each brand's kit (logo, accent colour, sender name, email copy per
 * language), employees' uploaded photos and titles, uploaded images, and when a customer reached
 * a survey's closing screen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_company').on('media').columns(['company_id', 'created_at']).execute();

  await db.schema.alterTable('brands').addColumn('logo_key', 'text').execute();
  await db.schema.alterTable('brands').addColumn('accent_color', 'text').execute();
  await db.schema.alterTable('brands').addColumn('sender_name', 'text').execute();
  await db.schema.alterTable('brands').addColumn('copy', 'text').execute();
  await db.schema.alterTable('employees').addColumn('photo_key', 'text').execute();
  await db.schema.alterTable('employees').addColumn('title', 'text').execute();
  await db.schema.alterTable('surveys').addColumn('completed_at', 'bigint').execute();
}
