import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis, RedisOptions } from 'ioredis';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;

/** @fastify/rate-limit's own stores (not exported from its entry point). */
interface Store {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}
interface StoreParams {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
}
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key: string) => Store;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean) => Store;

/**
 * The rate limits' Redis client fails fast rather than queueing commands while Redis is away:
 * a command needs a live connection (no offline queue, no resending after a reconnect) and an
 * answer within 500 ms. It keeps reconnecting in the background.
 */
export const REDIS_OPTIONS: RedisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500, connectTimeout: 1_000 };

/** Resolves once `redis` is connected and ready, or after `ms` (whichever comes first). */
export function redisConnected(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once('ready', done);
  });
}

/** After a Redis failure, limits are counted in memory for this long before Redis is tried again. */
const RETRY_REDIS_AFTER_MS = 1_000;

/**
 * A store counting in Redis (one limit shared by every process) that falls back to counting in
 * this process's memory whenever Redis is unreachable: requests are neither refused nor slowed
 * by the outage, and each process still holds a key to the limit on its own.
 * `onFallback` is called for each request so counted.
 */
export function redisStoreWithFallback(redis: Redis, nameSpace: string, onFallback: (error: Error) => void): FastifyRateLimitStoreCtor {
  const breaker = { redisAfter: 0 };
  class FallbackStore implements FastifyRateLimitStore {
    constructor(
      private readonly shared: Store,
      private readonly local: Store,
    ) {}

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.count('incr', key, callback, timeWindow, max);
    }

    read(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.count('read', key, callback, timeWindow, max);
    }

    child(routeOptions: unknown): FallbackStore {
      return new FallbackStore(this.shared.child(routeOptions), this.local.child(routeOptions));
    }

    private count(method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number): void {
      const inMemory = (error: Error) => {
        onFallback(error);
        this.local[method](key, callback, timeWindow, max);
      };
      if (redis.status !== 'ready' || Date.now() < breaker.redisAfter) return inMemory(new Error(`redis is ${redis.status === 'ready' ? 'failing' : redis.status}`));
      this.shared[method](
        key,
        (error, result) => {
          if (!error) return callback(null, result);
          breaker.redisAfter = Date.now() + RETRY_REDIS_AFTER_MS;
          inMemory(error);
        },
        timeWindow,
        max,
      );
    }
  }
  return class extends FallbackStore {
    constructor(params: StoreParams) {
      const continueExceeding = params.continueExceeding ?? false;
      const exponentialBackoff = params.exponentialBackoff ?? false;
      super(new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace), new LocalStore(continueExceeding, exponentialBackoff));
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
