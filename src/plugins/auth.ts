import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config.ts';
import { ForbiddenError } from '../lib/errors.ts';
import type { Principal } from '../modules/companies/credential-cache.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** onRequest hook: `x-api-key` must be a company's production or test key (403 otherwise). */
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

/** A hostname as DNS compares it: lower-case, without a port or the root's trailing dots. */
function comparableHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/:\d*$/, '').replace(/\.+$/, '');
}

async function authPlugin(app: FastifyInstance, options: { config: Config }) {
  const { config } = options;
  app.decorateRequest('principal', null as unknown as Principal);

  async function requireApiKey(request: FastifyRequest): Promise<void> {
    const apiKey = headerValue(request, 'x-api-key');
    if (!apiKey) throw new ForbiddenError('Forbidden: the x-api-key header is required');
    const principal = await app.services.credentials.authenticate(apiKey);
    if (!principal) throw new ForbiddenError('Forbidden: the x-api-key is not valid');
    if (config.apiBaseDomain) {
      const suffix = `.${config.apiBaseDomain}`;
      const host = comparableHostname(request.hostname);
      if (host.endsWith(suffix) && host.slice(0, -suffix.length) !== principal.company.subdomain) {
        throw new ForbiddenError('Forbidden: this API key does not belong to this subdomain');
      }
    }
    request.principal = principal;
  }

  async function requireApiKeyAndJwt(request: FastifyRequest): Promise<void> {
    await requireApiKey(request);
    const token = headerValue(request, 'authorization')?.replace(/^Bearer\s+/i, '');
    if (!token) throw new ForbiddenError('Forbidden: the Authorization header must carry a JWT');
    await verifyToken(token, request.principal.company.apiSecret, config.jwtMaxAgeSeconds);
  }

  app.decorate('requireApiKey', requireApiKey);
  app.decorate('requireApiKeyAndJwt', requireApiKeyAndJwt);
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
