import http from 'node:http';
import https from 'node:https';
import { ADDRESS_NOT_ALLOWED, privateTargetProblem, publicOnlyLookup } from './webhook-target.ts';

/** How long a POST waits for the answer unless WEBHOOK_TIMEOUT_MS says otherwise. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/** Where outbound POSTs (webhooks, chat alerts) may go (WEBHOOK_ALLOW_PRIVATE_NETWORKS lets them reach loopback and private addresses) and how long they wait. */
export interface DeliveryPolicy {
  allowPrivateNetworks: boolean;
  /** WEBHOOK_TIMEOUT_MS (default DEFAULT_WEBHOOK_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A failure whose message is safe to show the tenant as it is. */
class DeliveryFailure extends Error {}

/** Network failures as the tenant reads them: what went wrong, never an address. */
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

/** A failed POST as the tenant may read it (no address, no URL). */
export function describeFailure(failure: unknown): string {
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
 * Without an answer within the policy's timeout the request is abandoned. Rejections are
 * described for the tenant by describeFailure.
 */
export function postOutbound(target: string, headers: Record<string, string>, body: string, policy: DeliveryPolicy): Promise<number> {
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
