import type { CreateTableBuilder, Kysely } from 'kysely';
import { idColumnType, primaryKey } from '../dialect.ts';

/** Scorecards, QA reviews, audits, calibrations, 1:1 coaching sessions and external metrics. */
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumnType(db);
  const pk = primaryKey(db);
  const table = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', id, pk)
      .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'));
  const employee = (c: any) => c.notNull().references('employees.id');
  const feed = async (name: string) => {
    await db.schema.createIndex(`${name}_feed`).on(name).columns(['company_id', 'sequence_id']).execute();
    await db.schema.createIndex(`${name}_created`).on(name).columns(['company_id', 'created_at']).execute();
  };
  const tracked = <T extends string>(builder: CreateTableBuilder<T, any>) =>
    builder
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('sequence_id', 'bigint', (c) => c.notNull());

  await table('qa_scorecards')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await table('qa_sections')
    .addColumn('scorecard_id', 'bigint', (c) => c.notNull().references('qa_scorecards.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await table('qa_questions')
    .addColumn('scorecard_id', 'bigint', (c) => c.notNull().references('qa_scorecards.id'))
    .addColumn('section_id', 'bigint', (c) => c.references('qa_sections.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await table('qa_options')
    .addColumn('question_id', 'bigint', (c) => c.notNull().references('qa_questions.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('is_na', 'integer', (c) => c.notNull())
    .addColumn('is_autofail', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  for (const name of ['qa_sections', 'qa_questions']) {
    await db.schema.createIndex(`${name}_scorecard`).on(name).columns(['scorecard_id']).execute();
  }
  await db.schema.createIndex('qa_options_question').on('qa_options').columns(['question_id']).execute();

  await tracked(table('qa_reviews'))
    .addColumn('scorecard_id', 'bigint', (c) => c.notNull().references('qa_scorecards.id'))
    .addColumn('employee_id', 'bigint', employee)
    .addColumn('reviewer_id', 'bigint', employee)
    .addColumn('ext_interaction_id', 'text')
    .addColumn('interaction_url', 'text')
    .addColumn('solicitation_uuid', 'text')
    .addColumn('count_toward_score', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('autofailed', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await feed('qa_reviews');

  await tracked(table('qa_audits'))
    .addColumn('review_id', 'bigint', (c) => c.notNull().references('qa_reviews.id'))
    .addColumn('scorecard_id', 'bigint', (c) => c.notNull().references('qa_scorecards.id'))
    .addColumn('auditor_id', 'bigint', employee)
    .addColumn('audit_type', 'text', (c) => c.notNull())
    .addColumn('count_toward_score', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('autofailed', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await feed('qa_audits');
  await db.schema.createIndex('qa_audits_review').on('qa_audits').columns(['review_id']).execute();

  await tracked(table('qa_calibrations'))
    .addColumn('scorecard_id', 'bigint', (c) => c.notNull().references('qa_scorecards.id'))
    .addColumn('started_by_id', 'bigint', employee)
    .addColumn('meeting_date', 'bigint')
    .addColumn('ext_interaction_id', 'text')
    .addColumn('interaction_url', 'text')
    .addColumn('notes', 'text')
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('reference_answers', 'text', (c) => c.notNull())
    .addColumn('alignment_score', 'double precision')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await feed('qa_calibrations');

  await tracked(table('coaching_sessions'))
    .addColumn('coach_id', 'bigint', employee)
    .addColumn('employee_id', 'bigint', employee)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('private', 'integer', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('shared_at', 'bigint')
    .addColumn('reshared_at', 'bigint')
    .addColumn('kudos', 'text', (c) => c.notNull())
    .addColumn('metric_attachments', 'text', (c) => c.notNull())
    .addColumn('feedback_attachments', 'text', (c) => c.notNull())
    .addColumn('qa_review_attachments', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await feed('coaching_sessions');

  await table('coaching_action_items')
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('session_id', 'bigint', (c) => c.notNull().references('coaching_sessions.id'))
    .addColumn('completed_in_session_id', 'bigint', (c) => c.references('coaching_sessions.id'))
    .addColumn('employee_id', 'bigint', employee)
    .addColumn('owner_id', 'bigint', employee)
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_date', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema.createIndex('coaching_action_items_session').on('coaching_action_items').columns(['session_id']).execute();
  await db.schema.createIndex('coaching_action_items_completed_in').on('coaching_action_items').columns(['completed_in_session_id']).execute();
  await db.schema.createIndex('coaching_action_items_employee').on('coaching_action_items').columns(['company_id', 'employee_id', 'status']).execute();

  await table('metric_integrations')
    .addColumn('public_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metric_fields', 'text', (c) => c.notNull())
    .addColumn('employee_field', 'text', (c) => c.notNull())
    .addColumn('employee_id_type', 'text', (c) => c.notNull())
    .addColumn('date_field', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('metric_integrations_public_id', ['company_id', 'public_id'])
    .execute();

  await table('metric_records')
    .addColumn('sequence_id', 'bigint', (c) => c.notNull())
    .addColumn('integration_id', 'bigint', (c) => c.notNull().references('metric_integrations.id'))
    .addColumn('employee_id', 'bigint', employee)
    .addColumn('record_date', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('metric_records_one_per_day', ['integration_id', 'employee_id', 'record_date'])
    .execute();
  await db.schema.createIndex('metric_records_feed').on('metric_records').columns(['company_id', 'integration_id', 'sequence_id']).execute();
}
