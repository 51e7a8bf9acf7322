import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The Stream's figures without parsing answers per row: each interaction carries its star rating,
 * NPS score, FCR answer (1 yes, 0 no), whether any answer has a comment and the chosen areas of
 * excellence and improvement, kept equal to its
 * answers by every writer in the transaction that writes them (interactions/answer-columns.ts).
 * Indexes serve the Stream's pages and summary (responses of a period, per employee or company).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('interactions').addColumn('star_rating', 'integer').execute();
  await db.schema.alterTable('interactions').addColumn('nps_score', 'integer').execute();
  await db.schema.alterTable('interactions').addColumn('resolved', 'integer').execute();
  await db.schema.alterTable('interactions').addColumn('has_comment', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('interactions').addColumn('excellence_labels', 'text').execute();
  await db.schema.alterTable('interactions').addColumn('improvement_labels', 'text').execute();

  await backfillAnswerColumns(db);
  // The Stream's pages and summary select an employee's (or the company's) responses of a period:
  // these indexes hold what filtering, ordering by sequence and summing need, so neither the page's
  // first step (the ids of its cards) nor the summary reads the table.
  const figures = ['sequence_id', 'star_rating', 'nps_score', 'resolved', 'has_comment', 'excellence_labels', 'improvement_labels'];
  await db.schema
    .createIndex('interactions_stream_employee')
    .on('interactions')
    .columns(['company_id', 'is_test', 'employee_id', 'response_received_at', ...figures])
    .execute();
  await db.schema
    .createIndex('interactions_stream_company')
    .on('interactions')
    .columns(['company_id', 'is_test', 'response_received_at', ...figures])
    .execute();
  // A first survey's recovery (cards link the two).
  await sql`CREATE INDEX interactions_parent ON interactions (company_id, parent_id) WHERE parent_id IS NOT NULL`.execute(db);
}

/** Sets the answer columns of every answered interaction from its answers (the migration's backfill; also used by tests). */
export async function backfillAnswerColumns(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  const integer = (key: string) =>
    postgres
      ? sql`(SELECT (a.selected_options::jsonb -> 0 ->> 'integer_value')::integer FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = ${key})`
      : sql`(SELECT json_extract(a.selected_options, '$[0].integer_value') FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = ${key})`;
  const fcrText = postgres
    ? sql`(SELECT a.selected_options::jsonb -> 0 ->> 'option_text' FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = 'fcr')`
    : sql`(SELECT json_extract(a.selected_options, '$[0].option_text') FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = 'fcr')`;
  const labels = (key: string) =>
    postgres
      ? sql`(SELECT string_agg(o ->> 'option_text', E'\n') FROM answers a, jsonb_array_elements(a.selected_options::jsonb) o WHERE a.interaction_id = interactions.id AND a.question_key = ${key})`
      : sql`(SELECT group_concat(json_extract(o.value, '$.option_text'), char(10)) FROM answers a, json_each(a.selected_options) o WHERE a.interaction_id = interactions.id AND a.question_key = ${key})`;
  await sql`
    UPDATE interactions SET
      excellence_labels = ${labels('areas_of_excellence')},
      improvement_labels = ${labels('areas_of_improvement')},
      star_rating = ${integer('agent_star_rating')},
      nps_score = ${integer('nps')},
      resolved = CASE WHEN ${fcrText} IS NULL THEN NULL WHEN ${fcrText} = 'Yes' THEN 1 ELSE 0 END,
      has_comment = CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.interaction_id = interactions.id AND a.comment IS NOT NULL AND a.comment <> '') THEN 1 ELSE 0 END
    WHERE response_received_at IS NOT NULL
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('interactions_parent').execute();
  await db.schema.dropIndex('interactions_stream_company').execute();
  await db.schema.dropIndex('interactions_stream_employee').execute();
  for (const column of ['improvement_labels', 'excellence_labels', 'has_comment', 'resolved', 'nps_score', 'star_rating']) await db.schema.alterTable('interactions').dropColumn(column).execute();
}
