import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CompaniesRepository } from '../companies/companies.repository.ts';
import type { PendingInteraction } from './interaction-types.ts';
import { SuppressionRepository, surveyKey, type SurveyedPair } from './suppression.repository.ts';

export const DELIVERY_SUPPRESSED = 'Suppressed';
export const DELIVERY_UNSUBSCRIBED = 'Unsubscribed';

/**
 * Runs inside the transaction that stores new interactions, after the company
 * counters are locked (so concurrent requests for one company are serialised):
 * unsubscribed customers (and addresses that complained) get "Unsubscribed", addresses that
 * hard-bounced get "Suppressed", and a second survey to the same
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
  const companies = new CompaniesRepository(trx);
  const suppression = new SuppressionRepository(trx);
  for (const [companyId, items] of byCompany) {
    const days = (await companies.settings(companyId))?.suppression_days ?? 0;
    const emails = [...new Set(items.map((item) => item.customer_email!.toLowerCase()))];
    const unsubscribed = await suppression.unsubscribed(companyId, emails);
    const checked = new Map<string, SurveyedPair>();
    for (const item of items) {
      const emailKey = item.customer_email!.toLowerCase();
      if (item.is_recovery !== 1) checked.set(surveyKey(item.brand_id, emailKey), { brandId: item.brand_id, emailKey });
    }
    const recent = days > 0 ? await suppression.recentlySurveyed(companyId, [...checked.values()], now - days * 86_400_000) : new Set<string>();
    for (const item of items) {
      const email = item.customer_email!.toLowerCase();
      const key = surveyKey(item.brand_id, email);
      if (unsubscribed.has(email)) {
        item.delivery_status = unsubscribed.get(email) === 'bounce' ? DELIVERY_SUPPRESSED : DELIVERY_UNSUBSCRIBED;
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
