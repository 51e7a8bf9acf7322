import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { PendingInteraction } from '../interactions/interactions.repository.ts';
import { loadSettings } from '../companies/company-settings.ts';

export const DELIVERY_SUPPRESSED = 'Suppressed';
export const DELIVERY_UNSUBSCRIBED = 'Unsubscribed';
/** Statuses of requests that sent, or will send, a survey: they count towards suppression. */
const COUNTED = ['Pending', 'Sent'];

/**
 * Runs inside the transaction that stores new interactions, after the company
 * counters are locked (so concurrent requests for one company are serialised):
 * unsubscribed customers get "Unsubscribed", and a second survey to the same
 * customer email and brand within the company's suppression period gets
 * "Suppressed"; neither keeps its outbox row. Test-key requests are exempt, and
 * recoveries are exempt from suppression (they follow up a survey on purpose).
 */
export async function applyDeliveryGate(trx: Transaction<Database>, pending: PendingInteraction[]): Promise<void> {
  const now = Date.now();
  const byCompany = new Map<number, PendingInteraction[]>();
  for (const item of pending) {
    if (!item.outbox || item.is_test === 1 || !item.customer_email) continue;
    byCompany.set(item.company_id, [...(byCompany.get(item.company_id) ?? []), item]);
  }
  for (const [companyId, items] of byCompany) {
    const days = (await loadSettings(trx, companyId))?.suppression_days ?? 0;
    const emails = [...new Set(items.map((item) => item.customer_email!.toLowerCase()))];
    const unsubscribed = new Set(
      (
        await trx
          .selectFrom('unsubscribes')
          .select('email_key')
          .where('company_id', '=', companyId)
          .where('email_key', 'in', emails)
          .execute()
      ).map((row) => row.email_key),
    );
    const recent = new Set<string>();
    if (days > 0) {
      const rows = await trx
        .selectFrom('interactions')
        .select(['brand_id', sql<string>`lower(customer_email)`.as('email_key')])
        .where('company_id', '=', companyId)
        .where(sql`lower(customer_email)`, 'in', emails)
        .where('created_at', '>=', now - days * 86_400_000)
        .where('is_test', '=', 0)
        .where('delivery_status', 'in', COUNTED)
        .execute();
      for (const row of rows) recent.add(`${row.brand_id}:${row.email_key}`);
    }
    for (const item of items) {
      const email = item.customer_email!.toLowerCase();
      const key = `${item.brand_id}:${email}`;
      if (unsubscribed.has(email)) {
        item.delivery_status = DELIVERY_UNSUBSCRIBED;
        item.outbox = null;
      } else if (days > 0 && item.is_recovery !== 1 && recent.has(key)) {
        item.delivery_status = DELIVERY_SUPPRESSED;
        item.outbox = null;
      } else if (days > 0 && item.is_recovery !== 1) {
        recent.add(key);
      }
    }
  }
}
