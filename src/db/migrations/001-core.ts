import { type Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);
  const pk = primaryKey(db);

  await db.schema
    .createTable('companies')
    .addColumn('id', id, pk)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subdomain', 'text', (c) => c.notNull().unique())
    .addColumn('test_email', 'text')
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('brands')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('brands_company_name', ['company_id', 'name'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_company').on('api_keys').columns(['company_id']).execute();

  await db.schema
    .createTable('api_secrets')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_secrets_company').on('api_secrets').columns(['company_id']).execute();

  await db.schema
    .createTable('employees')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('custom_id', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('manage_team', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('team_leader_id', 'bigint', (c) => c.references('employees.id'))
    .addColumn('image', 'text')
    .addColumn('profile_text', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('employees_company_email', ['company_id', 'email_key'])
    .addUniqueConstraint('employees_company_custom_id', ['company_id', 'custom_id'])
    .execute();

  await db.schema
    .createTable('interactions')
    .addColumn('id', id, pk)
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('sequence_id', 'bigint', (c) => c.notNull())
    .addColumn('is_test', 'integer', (c) => c.notNull())
    .addColumn('is_recovery', 'integer', (c) => c.notNull())
    .addColumn('parent_id', 'bigint', (c) => c.references('interactions.id'))
    .addColumn('brand_id', 'bigint', (c) => c.notNull().references('brands.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'bigint', (c) => c.notNull().references('employees.id'))
    .addColumn('team_leader_id', 'bigint', (c) => c.references('employees.id'))
    .addColumn('customer_email', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('customer_custom_id', 'text')
    .addColumn('country', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('custom_properties', 'text')
    .addColumn('ext_interaction_id', 'text')
    .addColumn('external_url', 'text')
    .addColumn('do_not_send', 'integer', (c) => c.notNull())
    .addColumn('requested_via', 'text', (c) => c.notNull())
    .addColumn('delivery_status', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('response_received_at', 'bigint')
    .addColumn('reward_name', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The change feed: WHERE company_id = ? AND is_test = ? AND sequence_id > ? ORDER BY sequence_id.
  await db.schema
    .createIndex('interactions_feed')
    .on('interactions')
    .columns(['company_id', 'is_test', 'sequence_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('interactions_ext_id')
    .on('interactions')
    .columns(['company_id', 'ext_interaction_id'])
    .execute();
  await db.schema.createIndex('interactions_created').on('interactions').columns(['company_id', 'created_at']).execute();

  await db.schema
    .createTable('answers')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('interaction_id', 'bigint', (c) => c.notNull().references('interactions.id'))
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) => c.notNull())
    .addColumn('question_text', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('selected_options', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('answers_interaction_question', ['interaction_id', 'question_key'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', id, pk)
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('interaction_id', 'bigint', (c) => c.references('interactions.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'available_at']).execute();

  await db.schema
    .createTable('company_sequences')
    .addColumn('company_id', 'bigint', (c) => c.primaryKey().references('companies.id'))
    .addColumn('last_value', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('system_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
}
