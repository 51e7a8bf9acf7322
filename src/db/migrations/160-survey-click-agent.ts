import { type Kysely } from 'kysely';

/** Whether the last star click of a survey came from a known link scanner (the scanner rule's wider window). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('surveys').addColumn('last_click_scanner', 'integer').execute();
}
