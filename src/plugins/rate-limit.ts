import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { sha256Hex } from '../lib/secrets.ts';
import type { Telemetry } from '../lib/telemetry.ts';
import { REDIS_OPTIONS, redisConnected, redisStoreWithFallback } from './rate-limit-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** PINGs the rate limits' Redis (for /readyz); null without REDIS_URL. */
    redisPing: (() => Promise<unknown>) | null;
    /**
     * Route config for `config: { rateLimit: app.perApiKeyRateLimit }`: RATE_LIMIT_PER_MINUTE
     * requests per minute per API key on that route (data return, QA, coaching).
     */
    perApiKeyRateLimit: RateLimitOptions;
  }
}

/** Thrown when a limit is exceeded; the error handler answers 429 `Retry Later` (text/plain). */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  constructor() {
    super('Retry Later');
  }
}

/** Limits are counted per hash of the `x-api-key` header, never the raw key. */
function apiKeyHash(request: FastifyRequest): string {
  const header = request.headers['x-api-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim();
  return key ? `key:${sha256Hex(key)}` : `ip:${request.ip}`;
}

/**
 * Fastify answers HEAD on a GET route through a route of its own, which @fastify/rate-limit
 * would count apart (doubling the limit): a rate-limited HEAD route takes the limiter the
 * plugin just gave its GET route (the last onRequest hook) instead of its own. Registered
 * after the plugin, so it sees each route once the plugin has.
 */
function shareLimitWithHead(app: FastifyInstance): void {
  const getLimiters = new Map<string, onRequestHookHandler>();
  app.addHook('onRoute', (route) => {
    if (typeof route.config?.rateLimit !== 'object' || !Array.isArray(route.onRequest) || route.onRequest.length === 0) return;
    const hooks = route.onRequest;
    if (route.method === 'GET') getLimiters.set(route.url, hooks[hooks.length - 1]);
    else if (route.method === 'HEAD' && getLimiters.has(route.url)) hooks[hooks.length - 1] = getLimiters.get(route.url)!;
  });
}

/**
 * @fastify/rate-limit, applied only to routes that opt in. Counters live in memory, or in
 * Redis when REDIS_URL is set so every server process shares one limit. Sends the
 * RateLimit-* draft headers and Retry-After. While Redis is unreachable each process counts
 * in its own memory (logged once, counted in rate_limit_redis_fallbacks_total, and /readyz
 * answers 503 `redis unreachable`); no request waits for Redis.
 */
async function rateLimitPlugin(app: FastifyInstance, options: { config: Config; telemetry?: Telemetry }) {
  const { config, telemetry } = options;
  // ioredis is loaded only when there is a Redis to talk to.
  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, REDIS_OPTIONS) : null;
  let redisDown = false;
  redis?.on('error', (error) => {
    if (!redisDown) app.log.warn({ err: error }, 'redis (rate limits) unavailable; counting in memory until it is back');
    redisDown = true;
  });
  redis?.on('ready', () => {
    if (redisDown) app.log.info('redis (rate limits) reachable again');
    redisDown = false;
  });
  if (redis) {
    // Requests made before the first connection is up would be counted in memory: wait for it (briefly; /readyz reports a Redis that is down).
    app.addHook('onReady', () => redisConnected(redis, 2_000));
    app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  }

  await app.register(rateLimit, {
    global: false,
    ...(redis ? { store: redisStoreWithFallback(redis, 'agent-connect:rate-limit:', () => telemetry?.rateLimitFellBack()) } : {}),
    skipOnError: true,
    enableDraftSpec: true,
    keyGenerator: apiKeyHash,
    errorResponseBuilder: (request) => {
      telemetry?.rateLimited(request.routeOptions.url ?? 'unmatched');
      return new RateLimitedError();
    },
  });
  shareLimitWithHead(app);
  app.decorate('redisPing', redis ? () => redis.ping() : null);
  app.decorate('perApiKeyRateLimit', { max: config.rateLimitPerMinute, timeWindow: 60_000 });
}

export default fp(rateLimitPlugin, { name: 'rate-limit' });
