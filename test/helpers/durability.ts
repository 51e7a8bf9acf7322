import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { SmtpSink } from './smtp-sink.ts';

export interface EmailsAfterKill {
  /** Messages the SMTP server received for the company's requests. */
  sent: number;
  /** Recipients of survey emails left 'sending' by the killed worker (never re-sent, by design). */
  inFlight: string[];
  /** How many of those the SMTP server nevertheless received before the kill. */
  inFlightDelivered: number;
  /** Recipients who received more than one message. */
  duplicates: string[];
  /** Recipients of stored requests, not in flight, who received nothing. */
  unsent: string[];
  /** Recipients not in flight who received their email but whose request is not recorded as Sent. */
  unrecorded: string[];
}

/**
 * Waits (with a deadline) until the restarted server's worker has drained the outbox of
 * the company's survey emails, then compares what the SMTP server received with the database.
 */
export async function countEmailsAfterKill(env: Record<string, string>, companyId: number, sink: SmtpSink, timeoutMs = 180_000): Promise<EmailsAfterKill> {
  const db = openDatabase(loadConfig({ ...env, LOG_LEVEL: 'silent' }).databaseUrl);
  try {
    const outbox = () =>
      db.kysely
        .selectFrom('outbox')
        .innerJoin('interactions', 'interactions.id', 'outbox.interaction_id')
        .select(['outbox.status', 'interactions.customer_email', 'interactions.delivery_status'])
        .where('outbox.company_id', '=', companyId)
        .where('outbox.kind', '=', 'survey_email')
        .execute();
    const deadline = Date.now() + timeoutMs;
    let rows = await outbox();
    while (rows.some((row) => row.status === 'pending')) {
      if (Date.now() > deadline) throw new Error(`${rows.filter((row) => row.status === 'pending').length} survey emails still pending`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      rows = await outbox();
    }
    // Outcomes are recorded in batches shortly after the send; let the last batch land.
    await new Promise((resolve) => setTimeout(resolve, 500));
    rows = await outbox();
    const received = new Map<string, number>();
    for (const mail of sink.received) for (const to of mail.envelopeTo) received.set(to, (received.get(to) ?? 0) + 1);
    const inFlight = rows.filter((row) => row.status === 'sending').map((row) => row.customer_email!);
    const settled = rows.filter((row) => row.status !== 'sending');
    return {
      sent: rows.reduce((sum, row) => sum + (received.get(row.customer_email!) ?? 0), 0),
      inFlight,
      inFlightDelivered: inFlight.filter((to) => received.has(to)).length,
      duplicates: [...received].filter(([, count]) => count > 1).map(([to]) => to),
      unsent: settled.filter((row) => !received.has(row.customer_email!)).map((row) => row.customer_email!),
      unrecorded: settled.filter((row) => received.has(row.customer_email!) && row.delivery_status !== 'Sent').map((row) => row.customer_email!),
    };
  } finally {
    await db.kysely.destroy();
  }
}
