import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.ts';
import { ForbiddenError, UnauthorizedError } from '../../lib/errors.ts';
import { NO_SESSION, type ActiveSession } from './sessions.service.ts';

/** The web app's session cookie; it holds the session token. */
export const SESSION_COOKIE = 'ac_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_REFUSAL = `Forbidden: the ${CSRF_HEADER} header is missing or does not match this session`;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The web app session of a route behind requireSession. */
    session: ActiveSession;
  }
  interface FastifyInstance {
    /**
     * onRequest hook of the web app's API: the session cookie must name a live session (401
     * otherwise; read from the database on every request, so revocation is immediate everywhere),
     * and state-changing methods must carry its CSRF token in x-csrf-token (403 otherwise).
     * Sets request.session and request.scope (the employee's scope).
     */
    requireSession: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure under HTTPS, until the session's absolute end. */
    setSessionCookie: (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: number) => void;
    clearSessionCookie: (request: FastifyRequest, reply: FastifyReply) => void;
  }
}

async function sessionAuthPlugin(app: FastifyInstance, options: { config: Config }) {
  const { config } = options;
  await app.register(cookie);
  app.decorateRequest('session', null as unknown as ActiveSession);

  /** The request arrived over HTTPS (X-Forwarded-Proto from a trusted proxy counts), or the public URL is https. */
  const secure = (request: FastifyRequest) => request.protocol === 'https' || config.publicUrl.startsWith('https:');
  const cookieOptions = (request: FastifyRequest) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secure(request) });

  app.decorate('setSessionCookie', (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: number) => {
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), expires: new Date(expiresAt) });
  });
  app.decorate('clearSessionCookie', (request: FastifyRequest, reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
  });

  app.decorate('requireSession', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    const active = token ? await app.services.sessions.authenticate(token) : null;
    if (!active) {
      if (token) app.clearSessionCookie(request, reply);
      throw new UnauthorizedError(NO_SESSION);
    }
    if (!SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (!app.services.sessions.csrfMatches(active, Array.isArray(given) ? given[0] : given)) throw new ForbiddenError(CSRF_REFUSAL);
    }
    request.session = active;
    request.scope = active.scope;
  });
}

export default fp(sessionAuthPlugin, { name: 'session-auth', dependencies: ['auth'] });
