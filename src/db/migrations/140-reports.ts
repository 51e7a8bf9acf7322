import { type Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';
import { COUNTER_NAMES } from '../../modules/reports/counters.ts';
import { rebuildAllRollups } from '../../modules/reports/rollup-rebuild.ts';

/**
 * Reporting: rollups of the figures per company, local day and slice (kept in the transactions
 * that write what they count), distinct tag sets, the weekly digest's sends and its opt-out.
 * Existing data is rolled up here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('report_rollups')
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('is_test', 'smallint', (c) => c.notNull())
    .addColumn('grain', 'smallint', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('employee_id', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'bigint', (c) => c.notNull())
    .addColumn('tagset_id', 'bigint', (c) => c.notNull());
  for (const name of COUNTER_NAMES) table = table.addColumn(name, 'bigint', (c) => c.notNull().defaultTo(0));
  await table
    .addPrimaryKeyConstraint('report_rollups_pk', ['company_id', 'is_test', 'grain', 'day', 'employee_id', 'channel', 'brand_id', 'tagset_id'])
    .execute();
  // Per-employee reports over a period (the primary key leads with the day).
  await db.schema.createIndex('report_rollups_employee').on('report_rollups').columns(['company_id', 'is_test', 'grain', 'employee_id', 'day']).execute();

  await db.schema
    .createTable('report_tagsets')
    .addColumn('id', idColumnType(db), primaryKey(db))
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_tagsets_unique', ['company_id', 'tags'])
    .execute();
  await db.schema
    .createTable('report_tagset_tags')
    .addColumn('company_id', 'bigint', (c) => c.notNull())
    .addColumn('tagset_id', 'bigint', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_tagset_tags_pk', ['company_id', 'tag', 'tagset_id'])
    .execute();

  await db.schema
    .createTable('digest_sends')
    .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
    .addColumn('employee_id', 'bigint', (c) => c.notNull().references('employees.id'))
    .addColumn('week', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_sends_pk', ['company_id', 'employee_id', 'week'])
    .execute();
  await db.schema.alterTable('employees').addColumn('weekly_digest', 'smallint', (c) => c.notNull().defaultTo(1)).execute();

  await rebuildAllRollups(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('employees').dropColumn('weekly_digest').execute();
  for (const name of ['digest_sends', 'report_tagset_tags', 'report_tagsets', 'report_rollups']) await db.schema.dropTable(name).execute();
}
