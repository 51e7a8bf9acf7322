import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { RequestValidationError, UnprocessableError } from '../../lib/errors.ts';
import type { Scope } from '../access/scope.ts';

/** How long an Idempotency-Key is remembered per company. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyClaim {
  key: string;
  hash: string;
}

/** Reads and checks an Idempotency-Key header value (undefined when absent). */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new RequestValidationError(['Idempotency-Key must be 1 to 255 visible ASCII characters']);
  }
  return value;
}

/**
 * The key as stored. Each API key has keys of its own, so test traffic never answers or blocks a
 * production retry; a valid key has no space, so the test key's can never equal a production one.
 */
export function storedIdempotencyKey(scope: Scope, key: string): string {
  return scope.testOnly ? `test ${key}` : key;
}

/** Hash of what a key was used for: the endpoint, the kind of API key and the body with keys sorted. */
export function requestHash(endpoint: string, scope: Scope, body: unknown): string {
  return createHash('sha256').update(`${endpoint}\n${scope.testOnly ? 'test' : 'production'}\n${canonicalJson(body)}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The request_id a live key was first used for, if the body matches; 422 if it does not.
   * An expired key is forgotten so it can be used again.
   */
  async replay(companyId: number, claim: IdempotencyClaim): Promise<string | null> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('idempotency_key', '=', claim.key)
      .executeTakeFirst();
    if (!row) return null;
    if (row.created_at < Date.now() - IDEMPOTENCY_TTL_MS) {
      await this.db.deleteFrom('idempotency_keys').where('company_id', '=', companyId).where('idempotency_key', '=', claim.key).execute();
      return null;
    }
    if (row.request_hash !== claim.hash) {
      throw new UnprocessableError(['Idempotency-Key was already used with a different request']);
    }
    return row.request_id;
  }

  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('created_at', '<', Date.now() - IDEMPOTENCY_TTL_MS).execute();
  }
}
