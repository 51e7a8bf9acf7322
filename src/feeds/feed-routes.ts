import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFeedQuery, type FeedSpec } from './feed-query.ts';

/** `Params`: what the route's params schema guarantees `exists`. */
type Exists<Params> = (request: FastifyRequest & { params: Params }) => Promise<unknown>;

/**
 * Route options of every feed: JWT + key auth, then the per-key rate limit. HEAD gets the headers
 * alone once its query is valid by `spec` (and `exists`, the check for what the URL names, passed),
 * without reading records.
 */
export function feedRouteOptions<Params = unknown>(app: FastifyInstance, spec: FeedSpec, exists?: Exists<Params>) {
  return { onRequest: app.requireApiKeyAndJwt, config: { rateLimit: app.perApiKeyRateLimit }, preHandler: answerHead(spec, exists) };
}

function answerHead<Params>(spec: FeedSpec, exists?: Exists<Params>) {
  return async (request: FastifyRequest & { params: Params }, reply: FastifyReply) => {
    if (request.method !== 'HEAD') return;
    readFeedQuery(request.query, spec);
    await exists?.(request);
    // An empty stream, because Fastify would announce an empty body (Content-Length: 0) for no payload.
    return reply.type('application/json; charset=utf-8').send(Readable.from([]));
  };
}
