import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** Constant-time comparison of two strings (false when their lengths differ). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** SendGrid's verification key: base64 DER (SubjectPublicKeyInfo) as shown in its settings, or PEM. */
export function sendgridPublicKey(value: string): KeyObject {
  const trimmed = value.trim();
  if (trimmed.includes('BEGIN PUBLIC KEY')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

/**
 * SendGrid's Signed Event Webhook: an ECDSA (P-256, SHA-256, DER) signature, base64 in
 * X-Twilio-Email-Event-Webhook-Signature, over X-Twilio-Email-Event-Webhook-Timestamp followed by
 * the raw request body.
 */
export function validSendgridSignature(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer): boolean {
  if (!signature || !timestamp) return false;
  try {
    return verify('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Mailgun: signature.signature is the hex HMAC-SHA256 of signature.timestamp + signature.token with the webhook signing key. */
export function validMailgunSignature(signingKey: string, timestamp: string, token: string, signature: string): boolean {
  const expected = createHmac('sha256', signingKey).update(timestamp + token).digest('hex');
  return sameSecret(signature.toLowerCase(), expected);
}

/** Basic credentials from an Authorization header, or null. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
