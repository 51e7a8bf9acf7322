import { sql, type Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';

/**
 * Bounces and complaints reported after a message was accepted: why an address is on a company's
 * list (a customer's unsubscribe, a hard bounce, a complaint), each survey email's delivery-event
 * reference, the events received (for support), and the webhook tokens already seen (replays).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('unsubscribes').addColumn('reason', 'text', (c) => c.notNull().defaultTo('customer')).execute();
  await db.schema.alterTable('surveys').addColumn('email_ref', 'text').execute();
  await db.schema.createIndex('surveys_email_ref').unique().on('surveys').column('email_ref').execute();

  await db.schema
    .createTable('email_events')
    .addColumn('id', idColumnType(db), primaryKey(db))
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('interaction_id', 'bigint', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_events_key').unique().on('email_events').columns(['provider', 'event_key']).execute();
  await db.schema.createIndex('email_events_interaction').on('email_events').columns(['company_id', 'interaction_id']).execute();

  await db.schema
    .createTable('email_event_tokens')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_event_tokens_pk', ['provider', 'token'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_event_tokens').execute();
  await db.schema.dropTable('email_events').execute();
  await db.schema.dropIndex('surveys_email_ref').execute();
  await db.schema.alterTable('surveys').dropColumn('email_ref').execute();
  await sql`ALTER TABLE unsubscribes DROP COLUMN reason`.execute(db);
}
