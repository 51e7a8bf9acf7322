import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const COOKIE = 'ac_csrf';
/** What csrfToken issues: 16 random bytes, base64url. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{22}$/;

function cookieValue(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return null;
}

/**
 * Double-submit token: the same random value in a SameSite=Strict cookie and in a
 * hidden field. A form posted from another site carries neither the cookie nor the value.
 */
export function csrfToken(request: FastifyRequest): string {
  const existing = cookieValue(request);
  return existing && TOKEN_FORMAT.test(existing) ? existing : randomBytes(16).toString('base64url');
}

export function validCsrf(request: FastifyRequest, submitted: unknown): boolean {
  const cookie = cookieValue(request);
  if (!cookie || typeof submitted !== 'string' || !TOKEN_FORMAT.test(cookie) || !TOKEN_FORMAT.test(submitted)) return false;
  return timingSafeEqual(Buffer.from(cookie, 'ascii'), Buffer.from(submitted, 'ascii'));
}

/** True when the browser says the post comes from another origin (Sec-Fetch-Site, else Origin). */
export function isCrossSite(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return origin === 'null';
  const allowed = [new URL(publicUrl).origin, `${request.protocol}://${request.host}`];
  return !allowed.includes(origin);
}
