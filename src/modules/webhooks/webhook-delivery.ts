import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { ADDRESS_NOT_ALLOWED, privateTargetProblem, publicOnlyLookup } from './webhook-target.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';

/** An endpoint failing for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 24 * 60 * 60 * 1000;
/** How long a delivery waits for the endpoint's answer unless WEBHOOK_TIMEOUT_MS says otherwise. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/** The outcome of one attempt, with the delivery's event type (null when the delivery is gone). */
export type DeliveryResult = { event: string | null } & (
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; error: string }
  | { outcome: 'disabled'; error: string }
  | { outcome: 'skipped'; reason: string }
);

/** Where deliveries may go (WEBHOOK_ALLOW_PRIVATE_NETWORKS lets them reach loopback and private addresses) and how long they wait. */
export interface DeliveryPolicy {
  allowPrivateNetworks: boolean;
  /** WEBHOOK_TIMEOUT_MS (default DEFAULT_WEBHOOK_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A failure whose message is safe to show the tenant as it is. */
class DeliveryFailure extends Error {}

/** Network failures as the tenant reads them in the delivery log: what went wrong, never an address. */
const NETWORK_FAILURES: Record<string, string> = {
  EPRIVATEADDRESS: ADDRESS_NOT_ALLOWED,
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
};

function describeFailure(failure: unknown): string {
  const code = (failure as NodeJS.ErrnoException)?.code;
  if (code && NETWORK_FAILURES[code]) return NETWORK_FAILURES[code];
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.startsWith('ERR_SSL')) return `TLS failed (${code})`;
  if (failure instanceof DeliveryFailure) return failure.message;
  return code ? `connection failed (${code})` : 'connection failed';
}

/**
 * POSTs `body` and resolves with the answer's status (its body is discarded). Redirects are not
 * followed. Unless private networks are allowed, a literal private address is refused up front
 * and a name is refused when it resolves to one (checked on the address actually connected to).
 * Without an answer within the policy's timeout the request is abandoned.
 */
function post(target: string, headers: Record<string, string>, body: string, policy: DeliveryPolicy): Promise<number> {
  const url = new URL(target);
  if (!policy.allowPrivateNetworks && privateTargetProblem(url)) return Promise.reject(new DeliveryFailure(ADDRESS_NOT_ALLOWED));
  const timeoutMs = policy.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const options: https.RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    lookup: policy.allowPrivateNetworks ? undefined : publicOnlyLookup,
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, options, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    const deadline = setTimeout(() => request.destroy(new DeliveryFailure(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.on('close', () => clearTimeout(deadline));
    request.on('error', reject);
    request.end(body);
  });
}

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
