import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import type { BuildAppOptions } from '../../src/app.ts';
import type { CompanyCredentials, CreateCompanyInput } from '../../src/modules/companies/companies.service.ts';
import { createCompany } from './factories.ts';
import { signJwt } from './jwt.ts';
import { createTestContext, type TestContext } from './test-app.ts';
import { actingOn } from './test-client.ts';

/**
 * The pieces of a secret worth searching for: the whole value, and for a JWT its signature
 * (a logged token may be cut or re-encoded around it), for an API key its random part.
 */
function needles(secret: string): string[] {
  const parts = [secret];
  const jwt = secret.split('.');
  if (jwt.length === 3 && jwt[2].length >= 16) parts.push(jwt[2]);
  const key = /^ac_(?:live|test)_(.{16,})$/.exec(secret);
  if (key) parts.push(key[1]);
  return parts;
}

/** Fails naming the kind of secret (never printing it) when `text` contains any of `secrets`. */
export function assertNoSecrets(text: string, secrets: Map<string, string>, where: string): void {
  const found = [...secrets].filter(([secret]) => needles(secret).some((needle) => text.includes(needle))).map(([, kind]) => kind);
  assert.deepEqual(found, [], `${where} contain secrets`);
}

export interface SecurityContext extends TestContext {
  /** Every secret this file used (value → what it is): checked against the logs when the file ends. */
  secrets: Map<string, string>;
  remember(kind: string, ...values: string[]): void;
  /** A fresh company whose key, test key and API secret are remembered. */
  company(input?: Partial<CreateCompanyInput>): Promise<CompanyCredentials>;
  /** A valid HS256 JWT for the company, remembered. */
  jwt(company: CompanyCredentials): Promise<string>;
  /** Everything the app logged so far (JSON lines, LOG_LEVEL=trace). */
  logs(): string;
  /** Asserts the logs are JSON lines, not empty, and free of every remembered secret; then closes. */
  closeAndCheckLogs(): Promise<void>;
}

/**
 * A test context for the security suite: logging at trace into memory, a generous rate limit
 * (the suite sends hundreds of requests per route), and a registry of the secrets it used.
 */
export async function createSecurityContext(overrides: Record<string, string> = {}, options: Omit<BuildAppOptions, 'logStream'> = {}): Promise<SecurityContext> {
  let logs = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  const ctx = await createTestContext({ LOG_LEVEL: 'trace', RATE_LIMIT_PER_MINUTE: '1000000', ...overrides }, { ...options, logStream: stream });
  const secrets = new Map<string, string>();
  const remember = (kind: string, ...values: string[]) => values.forEach((value) => value && secrets.set(value, kind));
  const jwt = async (company: CompanyCredentials) => {
    const token = await signJwt(company.api_secret);
    remember('JWT', token);
    return token;
  };
  return {
    ...ctx,
    secrets,
    remember,
    async company(input = {}) {
      const company = await createCompany(ctx.services, input);
      remember('API key', company.api_key);
      remember('test API key', company.test_api_key);
      remember('API secret', company.api_secret);
      return company;
    },
    jwt,
    as: actingOn(ctx.app, (token) => remember('JWT', token)),
    logs: () => logs,
    async closeAndCheckLogs() {
      await ctx.close();
      const lines = logs.trim().split('\n');
      assert.ok(logs.includes('"msg":"incoming request"'), 'trace logging captured the requests');
      for (const line of lines) JSON.parse(line);
      assert.ok(secrets.size > 0);
      assertNoSecrets(logs, secrets, 'the logs');
    },
  };
}

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT assembled by hand: any header, any claims, and an HMAC-SHA256 signature with `secret` (or none). */
export function handmadeJwt(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | null): string {
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
