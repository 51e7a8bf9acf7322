import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix time in milliseconds, then the version, variant and
 * 74 random bits of a v4 UUID from Node's pooled generator. Ids made later sort later, so
 * rows inserted together share index pages.
 */
export function uuidv7(ms = Date.now()): string {
  const time = ms.toString(16).padStart(12, '0');
  // A v4 UUID is xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: keep everything after its version digit.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
