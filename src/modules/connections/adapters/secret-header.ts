import { timingSafeEqual } from 'node:crypto';
import type { InboundEvent } from '../connection.types.ts';

/** The header a helpdesk that cannot sign adds to its webhook, carrying the connection's secret. */
export const SECRET_HEADER = 'X-Agent-Connect-Secret';

/** Constant-time comparison of two strings (false when their lengths differ). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * For helpdesks that cannot sign but can add headers: null when the request carries the secret as
 * `X-Agent-Connect-Secret: <secret>`, `Authorization: Bearer <secret>`, or basic auth whose user
 * name or password is the secret (a helpdesk's "requires authentication" option); else why not.
 */
export function secretHeaderProblem(secret: string, event: InboundEvent): string | null {
  const header = event.headers[SECRET_HEADER.toLowerCase()];
  const authorization = event.headers.authorization;
  if (header === undefined && authorization === undefined) return `neither ${SECRET_HEADER} nor Authorization was sent`;
  if (header !== undefined && sameSecret(header.trim(), secret)) return null;
  if (authorization !== undefined && authorizationCarries(authorization.trim(), secret)) return null;
  return `the ${header !== undefined ? SECRET_HEADER : 'Authorization'} header does not carry the connection's secret`;
}

function authorizationCarries(authorization: string, secret: string): boolean {
  const [scheme, credentials = ''] = authorization.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return sameSecret(credentials, secret);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return sameSecret(decoded, secret);
    // Both halves are compared so the time taken does not say which one matched.
    const user = sameSecret(decoded.slice(0, colon), secret);
    const password = sameSecret(decoded.slice(colon + 1), secret);
    return user || password;
  }
  return false;
}
