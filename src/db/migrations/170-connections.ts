import type { Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';

/**
 * Helpdesk connections (a helpdesk event becomes a feedback request), the events each received
 * with what became of them, and the Slack / Teams alert rules. Secrets (API tokens, signing
 * secrets, incoming-webhook URLs) are stored encrypted (see lib/secret-box.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connections')
    .addColumn('id', idColumnType(db), primaryKey(db))
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('public_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('api_base', 'text')
    .addColumn('secrets', 'text')
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('connections_public_id').unique().on('connections').column('public_id').execute();
  await db.schema.createIndex('connections_company_name').unique().on('connections').columns(['company_id', 'name']).execute();

  await db.schema
    .createTable('connection_events')
    .addColumn('id', idColumnType(db), primaryKey(db))
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('connection_id', 'bigint', (c) => c.notNull())
    .addColumn('event_key', 'text')
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('request_id', 'text')
    .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('body', 'text')
    .addColumn('deliveries', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('last_received_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .execute();
  await db.schema.createIndex('connection_events_key').unique().on('connection_events').columns(['connection_id', 'event_key']).execute();
  await db.schema.createIndex('connection_events_recent').on('connection_events').columns(['company_id', 'connection_id', 'last_received_at']).execute();

  await db.schema
    .createTable('alert_rules')
    .addColumn('id', idColumnType(db), primaryKey(db))
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('min_rating', 'integer', (c) => c.notNull())
    .addColumn('max_rating', 'integer', (c) => c.notNull())
    .addColumn('comment_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('team_leader_id', 'bigint')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_status', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_rules_company_name').unique().on('alert_rules').columns(['company_id', 'name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_rules').execute();
  await db.schema.dropTable('connection_events').execute();
  await db.schema.dropTable('connections').execute();
}
