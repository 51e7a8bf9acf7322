import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config.ts';
import { ForbiddenError } from '../lib/errors.ts';
import type { Principal } from '../modules/companies/credential-cache.ts';
import { TEST_KEY_REFUSAL, testKeyAccess } from '../modules/companies/test-key-policy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** onRequest hook: `x-api-key` must be a company's production or test key (403 otherwise; the test key only where test-key-policy.ts allows it). */
    requireApiKey: (request: FastifyRequest) => Promise<void>;
    /** onRequest hook: `x-api-key` plus an HS256 JWT signed with that company's API secret. */
    requireApiKeyAndJwt: (request: FastifyRequest) => Promise<void>;
  }
}

const FUTURE_IAT_TOLERANCE_SECONDS = 60;

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

async function authPlugin(app: FastifyInstance, options: { config: Config }) {
  const { config } = options;
  app.decorateRequest('principal', null as unknown as Principal);

  async function authenticateKey(request: FastifyRequest): Promise<void> {
    const apiKey = headerValue(request, 'x-api-key');
    if (!apiKey) throw new ForbiddenError('Forbidden: the x-api-key header is required');
    const principal = await app.services.credentials.authenticate(apiKey);
    if (!principal) throw new ForbiddenError('Forbidden: the x-api-key is not valid');
    if (config.apiBaseDomain) {
      const suffix = `.${config.apiBaseDomain}`;
      const host = request.hostname.toLowerCase();
      if (host.endsWith(suffix) && host.slice(0, -suffix.length) !== principal.company.subdomain) {
        throw new ForbiddenError('Forbidden: this API key does not belong to this subdomain');
      }
    }
    request.principal = principal;
  }

  async function requireApiKey(request: FastifyRequest): Promise<void> {
    await authenticateKey(request);
    refuseTestKeyWhereNotAllowed(request);
  }

  async function requireApiKeyAndJwt(request: FastifyRequest): Promise<void> {
    await authenticateKey(request);
    const token = headerValue(request, 'authorization')?.replace(/^Bearer\s+/i, '');
    if (!token) throw new ForbiddenError('Forbidden: the Authorization header must carry a JWT');
    await verifyToken(token, request.principal.company.apiSecret, config.jwtMaxAgeSeconds);
    refuseTestKeyWhereNotAllowed(request);
  }

  app.decorate('requireApiKey', requireApiKey);
  app.decorate('requireApiKeyAndJwt', requireApiKeyAndJwt);
}

/** The test key is a sandbox: routes that would change production state refuse it (test-key-policy.ts). */
function refuseTestKeyWhereNotAllowed(request: FastifyRequest): void {
  if (request.principal.keyKind !== 'test') return;
  if (testKeyAccess(request.routeOptions.method as string, request.routeOptions.url ?? '') === 'refused') throw new ForbiddenError(TEST_KEY_REFUSAL);
}

/** HS256 only, signed with the company's secret, with an `iat` neither too old nor in the future. */
async function verifyToken(token: string, secret: string, maxAgeSeconds: number): Promise<void> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new ForbiddenError('Forbidden: the JWT has expired');
    throw new ForbiddenError('Forbidden: the JWT is malformed, not HS256, or not signed with this company\'s API secret');
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number') throw new ForbiddenError('Forbidden: the JWT must carry an iat claim');
  if (payload.iat > now + FUTURE_IAT_TOLERANCE_SECONDS) throw new ForbiddenError('Forbidden: the JWT iat is in the future');
  if (now - payload.iat > maxAgeSeconds) throw new ForbiddenError(`Forbidden: the JWT iat is older than ${maxAgeSeconds} seconds`);
}

export default fp(authPlugin, { name: 'auth' });
