import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Connection, InboundEvent } from '../../connection.types.ts';

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/**
 * How far the signature timestamp may be from our clock. Zendesk retries a failed delivery a
 * few times within minutes, and a replayed body only repeats an event key (which sends nothing
 * twice), so the window is generous: it guards against old captures, not against retries.
 */
export const TIMESTAMP_TOLERANCE_MS = 60 * 60 * 1000;

/** Zendesk's webhook signature: base64 HMAC-SHA256, keyed by the signing secret, over the timestamp followed by the raw body. */
export function zendeskSignature(signingSecret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac('sha256', signingSecret).update(timestamp, 'utf8').update(rawBody).digest('base64');
}

/** Null when the event carries a valid signature (or the connection has no signing secret), else why not. */
export function verifyZendeskSignature(connection: Connection, event: InboundEvent): string | null {
  const secret = connection.signingSecret;
  if (!secret) return null;
  const signature = event.headers[SIGNATURE_HEADER]?.trim();
  const timestamp = event.headers[TIMESTAMP_HEADER]?.trim();
  if (!signature) return 'missing X-Zendesk-Webhook-Signature header';
  if (!timestamp) return 'missing X-Zendesk-Webhook-Signature-Timestamp header';
  const expected = Buffer.from(zendeskSignature(secret, timestamp, event.rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'X-Zendesk-Webhook-Signature does not match (check the signing secret)';
  }
  const signedAt = timestampMs(timestamp);
  if (signedAt === null) return 'X-Zendesk-Webhook-Signature-Timestamp is not a date';
  if (Math.abs(event.receivedAt - signedAt) > TIMESTAMP_TOLERANCE_MS) return 'X-Zendesk-Webhook-Signature-Timestamp is more than an hour away from now';
  return null;
}

/** Zendesk sends ISO 8601 (2024-04-17T17:18:10Z); Unix seconds are accepted too. */
function timestampMs(value: string): number | null {
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}
