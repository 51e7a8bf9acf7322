import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config.ts';
import { ForbiddenError } from '../lib/errors.ts';
import { apiKeyScope, type Scope } from '../modules/access/scope.ts';
import { TEST_KEY_REFUSAL, testKeyAccess } from '../modules/companies/test-key-policy.ts';
import { BASIC_USERNAME, basicApiKey } from './basic-credential.ts';

declare module 'fastify' {
  interface FastifyRequest {
    scope: Scope;
  }
  interface FastifyInstance {
    /** onRequest hook: `x-api-key` must be a company's production or test key (403 otherwise; the test key only where test-key-policy.ts allows it). */
    requireApiKey: (request: FastifyRequest) => Promise<void>;
    /**
     * onRequest hook of the ingestion routes: like requireApiKey, or without `x-api-key`, the key as
     * the password of `Authorization: Basic` with username `connect` (x-api-key wins when both are sent).
     */
    requireIngestionKey: (request: FastifyRequest) => Promise<void>;
    /** onRequest hook: `x-api-key` plus an HS256 JWT signed with that company's API secret. */
    requireApiKeyAndJwt: (request: FastifyRequest) => Promise<void>;
  }
}

/** How far ahead of the server clock a JWT's `iat` may be, and whether it may be absent. */
interface IatRules {
  required: boolean;
  futureToleranceSeconds: number;
}

const STRICT_IAT: IatRules = { required: true, futureToleranceSeconds: 60 };
/** A company's `accept_legacy_jwt`: `iat` optional, and up to 14 h ahead (a local clock read as UTC). */
const LEGACY_IAT: IatRules = { required: false, futureToleranceSeconds: 14 * 3600 + 60 };
const TOKEN_PREFIX = /^(?:Bearer|JWT)\s+/i;

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

/** A hostname as DNS compares it: lower-case, without a port or the root's trailing dots. */
function comparableHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/:\d*$/, '').replace(/\.+$/, '');
}

async function authPlugin(app: FastifyInstance, options: { config: Config }) {
  const { config } = options;
  app.decorateRequest('scope', null as unknown as Scope);

  async function authenticateKey(request: FastifyRequest): Promise<void> {
    const apiKey = headerValue(request, 'x-api-key');
    if (!apiKey) throw new ForbiddenError('Forbidden: the x-api-key header is required');
    await authenticate(request, apiKey, 'Forbidden: the x-api-key is not valid');
  }

  async function requireIngestionKey(request: FastifyRequest): Promise<void> {
    if (headerValue(request, 'x-api-key')) return requireApiKey(request);
    const apiKey = basicApiKey(headerValue(request, 'authorization'));
    if (!apiKey) throw new ForbiddenError(`Forbidden: the x-api-key header (or Authorization: Basic with username ${BASIC_USERNAME} and the API key as password) is required`);
    await authenticate(request, apiKey, 'Forbidden: the API key in the Basic credential is not valid');
    refuseTestKeyWhereNotAllowed(request);
  }

  async function authenticate(request: FastifyRequest, apiKey: string, invalidKeyMessage: string): Promise<void> {
    const principal = await app.services.credentials.authenticate(apiKey);
    if (!principal) throw new ForbiddenError(invalidKeyMessage);
    if (config.apiBaseDomain) {
      const suffix = `.${config.apiBaseDomain}`;
      const host = comparableHostname(request.hostname);
      if (host.endsWith(suffix) && host.slice(0, -suffix.length) !== principal.company.subdomain) {
        throw new ForbiddenError('Forbidden: this API key does not belong to this subdomain');
      }
    }
    request.scope = apiKeyScope(principal.company, principal.keyKind);
  }

  async function requireApiKey(request: FastifyRequest): Promise<void> {
    await authenticateKey(request);
    refuseTestKeyWhereNotAllowed(request);
  }

  async function requireApiKeyAndJwt(request: FastifyRequest): Promise<void> {
    await authenticateKey(request);
    const token = headerValue(request, 'authorization')?.replace(TOKEN_PREFIX, '');
    if (!token) throw new ForbiddenError('Forbidden: the Authorization header must carry a JWT');
    const { company } = request.scope;
    const iatRules = company.settings.accept_legacy_jwt ? LEGACY_IAT : STRICT_IAT;
    await verifyToken(token, company.apiSecret, config.jwtMaxAgeSeconds, iatRules, company.subdomain);
    refuseTestKeyWhereNotAllowed(request);
  }

  app.decorate('requireApiKey', requireApiKey);
  app.decorate('requireIngestionKey', requireIngestionKey);
  app.decorate('requireApiKeyAndJwt', requireApiKeyAndJwt);
}

/** The test key is a sandbox: routes that would change production state refuse it (test-key-policy.ts). */
function refuseTestKeyWhereNotAllowed(request: FastifyRequest): void {
  if (!request.scope.testOnly) return;
  if (testKeyAccess(request.routeOptions.method as string, request.routeOptions.url ?? '') === 'refused') throw new ForbiddenError(TEST_KEY_REFUSAL);
}

/**
 * HS256 only, signed with the company's secret, with an `iat` neither older than `maxAgeSeconds`
 * nor ahead of the server clock by more than `iatRules` allow (which also say if it may be absent).
 */
async function verifyToken(token: string, secret: string, maxAgeSeconds: number, iatRules: IatRules, subdomain: string): Promise<void> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new ForbiddenError('Forbidden: the JWT has expired');
    throw new ForbiddenError('Forbidden: the JWT is malformed, not HS256, or not signed with this company\'s API secret');
  }
  const legacyHint = `agent-connect company set ${subdomain} accept_legacy_jwt=true`;
  if (payload.iat === undefined && !iatRules.required) return;
  if (typeof payload.iat !== 'number') {
    throw new ForbiddenError(`Forbidden: the JWT must carry an iat claim (a company can accept tokens without one: ${legacyHint})`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (payload.iat > now + iatRules.futureToleranceSeconds) {
    throw new ForbiddenError(
      iatRules.required
        ? `Forbidden: the JWT iat is in the future (a company can accept an iat up to 14 hours ahead: ${legacyHint})`
        : 'Forbidden: the JWT iat is more than 14 hours in the future',
    );
  }
  if (now - payload.iat > maxAgeSeconds) throw new ForbiddenError(`Forbidden: the JWT iat is older than ${maxAgeSeconds} seconds`);
}

export default fp(authPlugin, { name: 'auth' });
