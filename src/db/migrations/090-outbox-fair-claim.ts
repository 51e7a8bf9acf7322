import { sql, type Kysely } from 'kysely';

/**
 * The fair claim (OutboxRepository.claim) walks the companies with pending work of one kind and
 * takes each one's earliest due rows: both are seeks in this index, which holds only pending rows
 * (sent and failed rows, the bulk of the table, stay out of it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX outbox_pending_fair ON outbox (kind, company_id, available_at, id) WHERE status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX outbox_pending_fair`.execute(db);
}
