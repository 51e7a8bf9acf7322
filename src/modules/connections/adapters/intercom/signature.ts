import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundEvent } from '../../connection.types.ts';

/** Intercom's `X-Hub-Signature`: `sha1=` and the hex HMAC-SHA1 of the raw body, keyed by the app's client secret. */
export function intercomSignature(clientSecret: string, rawBody: Buffer): string {
  return `sha1=${createHmac('sha1', clientSecret).update(rawBody).digest('hex')}`;
}

/** Null when X-Hub-Signature matches the body, else why not. */
export function intercomSignatureProblem(clientSecret: string, event: InboundEvent): string | null {
  const given = event.headers['x-hub-signature']?.trim();
  if (!given) return 'X-Hub-Signature is missing';
  const expected = Buffer.from(intercomSignature(clientSecret, event.rawBody), 'utf8');
  const received = Buffer.from(given.toLowerCase(), 'utf8');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return 'X-Hub-Signature does not match the body (check the client secret)';
  return null;
}
