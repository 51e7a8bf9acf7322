import type { FastifyReply, FastifyRequest } from 'fastify';

/** An HTML answer; CSP, framing and referrer headers are the security-headers plugin's page defaults. */
export function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * A form post from another site. The secret token in the URL already makes forgery
 * infeasible; this also refuses posts the browser says come from elsewhere: Fetch
 * Metadata first, else the Origin header (a browser sends "null" under no-referrer).
 */
export function crossSite(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  try {
    const host = (value: string) => value.toLowerCase().replace(/:(80|443)$/, '');
    const from = host(new URL(origin).host);
    return from !== host(request.host) && from !== host(new URL(publicUrl).host);
  } catch {
    return true;
  }
}
