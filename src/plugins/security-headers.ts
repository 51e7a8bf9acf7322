import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { isClientPath } from './web-app.ts';

/** The default policy of every HTML page: nothing external, no scripts, no framing. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** /docs (Swagger UI): its own scripts and styles from this origin, calls to this origin, no framing. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

/** One year; sent only on responses that went out over HTTPS (directly or through a trusted proxy). */
export const HSTS = 'max-age=31536000';

/** Reachable over plain HTTP even with REQUIRE_HTTPS: load-balancer probes and Prometheus scrapes. */
const PLAIN_HTTP_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
/** Pages a browser opens (with the web app's client routes): a plain-HTTP GET is redirected to PUBLIC_URL rather than refused. */
const PAGE_PREFIXES = ['/s/', '/invite/', '/docs', '/assets/', '/media/'];

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

function setDefault(reply: FastifyReply, name: string, value: string): void {
  if (!reply.hasHeader(name)) reply.header(name, value);
}

/**
 * Transport and page security in one place:
 * - REQUIRE_HTTPS: a plain-HTTP request (`request.protocol`, which believes X-Forwarded-Proto only
 *   from a TRUST_PROXY peer) gets a 301 to the same path under PUBLIC_URL when it is a GET/HEAD of a
 *   page, and 403 JSON otherwise; /healthz, /readyz and /metrics stay reachable.
 * - Every response: `X-Content-Type-Options: nosniff`, and HSTS when it goes out over HTTPS.
 * - HTML responses: CSP (PAGE_CSP unless the route set its own), X-Frame-Options DENY and
 *   Referrer-Policy no-referrer unless the route chose otherwise.
 */
async function securityHeadersPlugin(app: FastifyInstance, options: { config: Config }) {
  const { config } = options;
  const publicOrigin = new URL(config.publicUrl).origin;

  if (config.requireHttps) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.protocol === 'https') return;
      const path = pathOf(request);
      if (PLAIN_HTTP_PATHS.has(path)) return;
      const isPage = PAGE_PREFIXES.some((prefix) => path.startsWith(prefix)) || isClientPath(path);
      if (isPage && (request.method === 'GET' || request.method === 'HEAD')) {
        return reply.redirect(`${publicOrigin}${request.url}`, 301);
      }
      return reply.status(403).send({
        error: 'Forbidden',
        message: `HTTPS is required: this server refuses plain-HTTP requests; use ${publicOrigin}`,
      });
    });
  }

  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      setDefault(reply, 'content-security-policy', PAGE_CSP);
      setDefault(reply, 'x-frame-options', 'DENY');
      setDefault(reply, 'referrer-policy', 'no-referrer');
    }
    done(null, payload);
  });
}

export default fp(securityHeadersPlugin, { name: 'security-headers' });
