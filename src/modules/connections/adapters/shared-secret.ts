import { createHash, timingSafeEqual } from 'node:crypto';
import type { Connection, InboundEvent } from '../connection.types.ts';

/** The header a helpdesk sends the connection secret in (or `Authorization: Bearer <secret>`). */
export const SECRET_HEADER = 'X-Agent-Connect-Secret';

function sameSecret(given: string, expected: string): boolean {
  // Digests have one length, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/**
 * For connections whose secret we generate and the helpdesk sends back as a header: null when
 * `X-Agent-Connect-Secret` or `Authorization: Bearer` carries it, else why not (never the secret).
 */
export function sharedSecretProblem(connection: Connection, event: InboundEvent): string | null {
  const expected = connection.signingSecret;
  if (!expected) return null;
  const header = event.headers[SECRET_HEADER.toLowerCase()];
  const bearer = /^Bearer\s+(.+)$/i.exec(event.headers.authorization ?? '')?.[1]?.trim();
  const given = header?.trim() || bearer;
  if (!given) return `no ${SECRET_HEADER} header or Authorization: Bearer secret`;
  return sameSecret(given, expected) ? null : `the ${given === bearer ? 'Authorization: Bearer' : SECRET_HEADER} secret does not match the connection's`;
}
