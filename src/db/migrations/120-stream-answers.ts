import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * The Stream's figures without parsing answers per row: each interaction carries its star rating,
 * NPS score, FCR answer (1 yes, 0 no) and whether any answer has a comment, kept equal to its
 * answers by every writer in the transaction that writes them (interactions/answer-columns.ts).
 * Indexes serve the Stream's pages (an employee's interactions by sequence) and its summary
 * (responses by answer time, for the company or per employee).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('interactions').addColumn('star_rating', 'integer').execute();
  await db.schema.alterTable('interactions').addColumn('nps_score', 'integer').execute();
  await db.schema.alterTable('interactions').addColumn('resolved', 'integer').execute();
  await db.schema.alterTable('interactions').addColumn('has_comment', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  const postgres = isPostgres(db);
  const integer = (key: string) =>
    postgres
      ? sql`(SELECT (a.selected_options::jsonb -> 0 ->> 'integer_value')::integer FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = ${key})`
      : sql`(SELECT json_extract(a.selected_options, '$[0].integer_value') FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = ${key})`;
  const fcrText = postgres
    ? sql`(SELECT a.selected_options::jsonb -> 0 ->> 'option_text' FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = 'fcr')`
    : sql`(SELECT json_extract(a.selected_options, '$[0].option_text') FROM answers a WHERE a.interaction_id = interactions.id AND a.question_key = 'fcr')`;
  await sql`
    UPDATE interactions SET
      star_rating = ${integer('agent_star_rating')},
      nps_score = ${integer('nps')},
      resolved = CASE WHEN ${fcrText} IS NULL THEN NULL WHEN ${fcrText} = 'Yes' THEN 1 ELSE 0 END,
      has_comment = CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.interaction_id = interactions.id AND a.comment IS NOT NULL AND a.comment <> '') THEN 1 ELSE 0 END
    WHERE response_received_at IS NOT NULL
  `.execute(db);

  // A page of an employee's (or a team's) responses, newest first.
  await db.schema.createIndex('interactions_stream_employee').on('interactions').columns(['company_id', 'is_test', 'employee_id', 'sequence_id']).execute();
  // The summary: an employee's responses of a period, with the figures in the index.
  await db.schema
    .createIndex('interactions_stream_employee_responded')
    .on('interactions')
    .columns(['company_id', 'is_test', 'employee_id', 'response_received_at', 'star_rating', 'nps_score', 'resolved', 'has_comment'])
    .execute();
  // The summary of the whole company over a period.
  await db.schema
    .createIndex('interactions_stream_responded')
    .on('interactions')
    .columns(['company_id', 'is_test', 'response_received_at', 'star_rating', 'nps_score', 'resolved', 'has_comment'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('interactions_stream_responded').execute();
  await db.schema.dropIndex('interactions_stream_employee_responded').execute();
  await db.schema.dropIndex('interactions_stream_employee').execute();
  for (const column of ['has_comment', 'resolved', 'nps_score', 'star_rating']) await db.schema.alterTable('interactions').dropColumn(column).execute();
}
