import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Gladly's request signing (the scheme Gladly documents for the requests it makes: "Request
 * Signing"), as it reaches us in the `Gladly-Authorization` header:
 * `SigningAlgorithm=hmac-sha256, SignedHeaders=accept;content-type;gladly-time, Signature=<hex>`.
 *
 * 1. The normalized request: method, path, sorted query (empty here), each signed header as
 *    `name:value` (lower-case name, trimmed value with inner whitespace collapsed) on its own
 *    line, an empty line, the signed header names joined by `;`, and the hex SHA-256 of the body.
 * 2. The string to sign: `hmac-sha256`, the `Gladly-Time` value (`20190213T214016Z`) and the
 *    hex SHA-256 of the normalized request, joined by newlines.
 * 3. The key: HMAC-SHA256 of the date part of `Gladly-Time` (`20190213`) keyed by the signing key.
 * 4. The signature: hex HMAC-SHA256 of the string to sign with that key.
 */
export interface GladlySignedRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

const HEADER_FORMAT = /^SigningAlgorithm=hmac-sha256,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([a-f0-9]{64})$/;
const TIME_FORMAT = /^(\d{8})T(\d{2})(\d{2})(\d{2})Z$/;
/** How far Gladly-Time may be from when the request arrived. */
export const GLADLY_TIME_TOLERANCE_MS = 15 * 60_000;

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const headerValue = (value: string) => value.trim().split(/\s+/).join(' ');

/** The hex signature of a request, for the headers named in `signedHeaders` (lower case). */
export function gladlySignature(signingKey: string, request: GladlySignedRequest, signedHeaders: string[]): string {
  const time = request.headers['gladly-time'] ?? '';
  const lines = signedHeaders.map((name) => `${name}:${headerValue(request.headers[name] ?? '')}\n`).join('');
  const normalized = `${request.method}\n${request.path}\n\n${lines}\n${signedHeaders.join(';')}\n${sha256Hex(request.rawBody)}`;
  const dateKey = createHmac('sha256', signingKey).update(time.slice(0, 8)).digest();
  return createHmac('sha256', dateKey).update(`hmac-sha256\n${time}\n${sha256Hex(normalized)}`).digest('hex');
}

/** The `Gladly-Authorization` value Gladly would send for this request (used by tests and the simulated Gladly). */
export function gladlyAuthorization(signingKey: string, request: GladlySignedRequest, signedHeaders: string[]): string {
  const names = [...signedHeaders].map((name) => name.toLowerCase()).sort();
  return `SigningAlgorithm=hmac-sha256, SignedHeaders=${names.join(';')}, Signature=${gladlySignature(signingKey, request, names)}`;
}

/** `Gladly-Time` as Gladly writes it (UTC, `YYYYMMDDTHHMMSSZ`). */
export function gladlyTime(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Null when the request carries a valid signature by this key, made within the tolerance of `receivedAt`; else why not. */
export function verifyGladlySignature(signingKey: string, request: GladlySignedRequest, receivedAt: number): string | null {
  const header = request.headers['gladly-authorization'];
  if (!header) return 'no Gladly-Authorization header';
  const match = HEADER_FORMAT.exec(header.trim());
  if (!match) return 'Gladly-Authorization is not SigningAlgorithm=hmac-sha256, SignedHeaders=..., Signature=...';
  const signedHeaders = match[1].split(';');
  if (signedHeaders.join(';') !== [...signedHeaders].sort().join(';')) return 'Gladly-Authorization: signed headers are not sorted';
  if (!signedHeaders.includes('gladly-time')) return 'Gladly-Authorization does not sign Gladly-Time';
  if (signedHeaders.some((name) => request.headers[name] === undefined)) return 'a signed header is missing';
  const time = TIME_FORMAT.exec(request.headers['gladly-time'] ?? '');
  if (!time) return 'Gladly-Time is not YYYYMMDDTHHMMSSZ';
  const d = time[1];
  const signedAt = Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${time[2]}:${time[3]}:${time[4]}Z`);
  if (!Number.isFinite(signedAt) || Math.abs(receivedAt - signedAt) > GLADLY_TIME_TOLERANCE_MS) return 'Gladly-Time is more than 15 minutes away from now';
  const expected = Buffer.from(gladlySignature(signingKey, request, signedHeaders), 'hex');
  const given = Buffer.from(match[2], 'hex');
  return timingSafeEqual(expected, given) ? null : 'signature does not match';
}
