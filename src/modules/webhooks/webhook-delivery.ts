import { Webhook } from 'standardwebhooks';
import { describeFailure, postOutbound as post, type DeliveryPolicy } from './outbound-post.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';

/** An endpoint failing for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 24 * 60 * 60 * 1000;
export { DEFAULT_WEBHOOK_TIMEOUT_MS, type DeliveryPolicy } from './outbound-post.ts';

/** The outcome of one attempt, with the delivery's event type (null when the delivery is gone). */
export type DeliveryResult = { event: string | null } & (
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; error: string }
  | { outcome: 'disabled'; error: string }
  | { outcome: 'skipped'; reason: string }
);

/**
 * One attempt to deliver a queued webhook, signed per the Standard Webhooks specification
 * (webhook-id, webhook-timestamp, webhook-signature with the endpoint's secret). A non-2xx
 * answer or a network error asks for a retry, until the endpoint has failed for a day:
 * then it is disabled.
 */
export async function attemptDelivery(
  repository: WebhooksRepository,
  policy: DeliveryPolicy,
  companyId: number,
  deliveryId: number,
): Promise<DeliveryResult> {
  const found = await repository.findDelivery(companyId, deliveryId);
  if (!found) return { event: null, outcome: 'skipped', reason: 'the delivery no longer exists' };
  const { delivery, endpoint } = found;
  const event = delivery.event_type;
  if (!endpoint.enabled) {
    await repository.recordAttempt(companyId, delivery, { status: 'skipped', responseStatus: null, error: 'endpoint disabled' });
    return { event, outcome: 'skipped', reason: 'endpoint disabled' };
  }
  const sentAt = new Date();
  const signature = new Webhook(endpoint.secret).sign(delivery.message_id, sentAt, delivery.payload);
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    responseStatus = await post(
      endpoint.url,
      {
        'content-type': 'application/json',
        'user-agent': 'agent-connect-webhooks/1',
        'webhook-id': delivery.message_id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      delivery.payload,
      policy,
    );
    if (responseStatus >= 200 && responseStatus < 300) {
      await repository.recordAttempt(companyId, delivery, { status: 'delivered', responseStatus, error: null });
      return { event, outcome: 'delivered', status: responseStatus };
    }
    error = `endpoint answered ${responseStatus}`;
  } catch (failure) {
    error = describeFailure(failure);
  }
  const failingFor = endpoint.failing_since === null ? 0 : Date.now() - endpoint.failing_since;
  if (failingFor >= DISABLE_AFTER_FAILING_MS) {
    await repository.recordAttempt(companyId, delivery, { status: 'failed', responseStatus, error });
    await repository.setEnabled(companyId, endpoint.id, false, `failing since ${new Date(endpoint.failing_since!).toISOString()}: ${error}`);
    return { event, outcome: 'disabled', error: `endpoint ${endpoint.id} disabled after failing for a day: ${error}` };
  }
  await repository.recordAttempt(companyId, delivery, { status: 'pending', responseStatus, error });
  return { event, outcome: 'retry', error };
}
