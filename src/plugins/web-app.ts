import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The web app's client routes: each path, and anything under it (but only `/` itself), answers with
 * the app shell (web/dist/index.html) and the React router takes over in the browser.
 * The React router (web/src) must agree: a page it has that is not listed here answers 404 JSON
 * when opened directly or reloaded; a path listed here that it lacks shows its not-found page.
 */
export const CLIENT_ROUTES = ['/', '/login', '/forgot-password', '/account', '/feedback/:requestId', '/reports', '/reports/team', '/reports/leaderboard', '/reports/recovery', '/settings/brands', '/settings/connections'] as const;

/**
 * The policy of the app shell and its assets: scripts, styles, fonts and images from this origin
 * only (Vite emits them as files under /assets/, no inline script or <style>; the app uses no Radix
 * part that injects a <style>: web/README.md), images also as data: URLs, API calls and
 * Server-Sent Events to this origin, no plugins, no <base>, no framing, forms post here.
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Hashed file names change with their content: a year, never revalidated. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/** Whether `pathname` is a client route (so a browser opens it as a page). */
export function isClientPath(pathname: string): boolean {
  const segments = pathname.split('/').filter(Boolean);
  return CLIENT_ROUTES.some((route) => {
    const pattern = route.split('/').filter(Boolean);
    if (pattern.length === 0) return segments.length === 0;
    return segments.length >= pattern.length && pattern.every((part, i) => part.startsWith(':') || part === segments[i]);
  });
}

/** The answer of every client route while the app is not built: says so, and how to build it. */
export function notBuiltPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Agent Connect: the web app is not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f2f2f2;padding:0 .2em}</style></head>
<body>
<h1>The web app is not built</h1>
<p>This server has no built web app (in <code>web/dist</code>, or the directory <code>WEB_DIST_DIR</code> names). Build it with <code>npm run build</code> (or <code>cd web &amp;&amp; npx vite build</code>; it needs the dev dependencies) and reload this page; <code>npm start</code> builds it too when Vite is installed.</p>
<p>The API, the survey pages and <a href="/docs">the API documentation</a> work without it.</p>
</body>
</html>
`;
}

/**
 * Serves the built web app from `distDir`: its hashed files under /assets/ (long-cached, Brotli or
 * gzip from the build's precompressed copies when the client accepts them; a missing one is the
 * usual JSON 404) and the app shell on every client route (revalidated each time, so a new build
 * is picked up at once). The shell is read per request, so a build swapped in while the server
 * runs is served without a restart. Shell and assets carry APP_CSP;
 * the security-headers plugin adds nosniff, X-Frame-Options and HSTS. Without a build, client
 * routes answer 503 with notBuiltPage.
 */
export async function webAppRoutes(app: FastifyInstance, options: { distDir: string }) {
  const { distDir } = options;
  const shell = path.join(distDir, 'index.html');
  if (!existsSync(shell)) {
    app.log.warn({ webDistDir: distDir }, 'the web app is not built (no index.html in WEB_DIST_DIR): its pages answer 503; build it with `npm run build`');
  }

  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    suppressWarning: true,
    index: false,
    dotfiles: 'ignore',
    cacheControl: false,
    // The build writes .br and .gz beside each text asset (scripts/web-build.mjs).
    preCompressed: true,
    setHeaders: (reply) => {
      reply.header('cache-control', ASSET_CACHE);
      reply.header('content-security-policy', APP_CSP);
    },
  });

  const sendShell = async (_request: unknown, reply: FastifyReply) => {
    let html: string;
    try {
      html = await fs.readFile(shell, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuiltPage());
    }
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', APP_CSP)
      .header('referrer-policy', 'same-origin')
      .type('text/html; charset=utf-8')
      .send(html);
  };
  for (const route of CLIENT_ROUTES) {
    app.get(route, { schema: { hide: true } }, sendShell);
    if (route !== '/') app.get(`${route}/*`, { schema: { hide: true } }, sendShell);
  }
}
