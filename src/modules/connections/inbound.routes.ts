import type { FastifyPluginAsync } from 'fastify';

/** A helpdesk event is small; anything larger is no event of ours. */
const BODY_LIMIT = 1024 * 1024;

/**
 * POST /inbound/<public_id>: a helpdesk connection's events (a webhook the helpdesk calls, not an
 * API operation: out of the OpenAPI document). Bodies are kept raw: signatures cover the bytes.
 */
export const inboundRoutes: FastifyPluginAsync = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post<{ Params: { publicId: string } }>('/inbound/:publicId', { schema: { hide: true }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = rawBody.length === 0 ? undefined : JSON.parse(rawBody.toString('utf8'));
    } catch {
      body = undefined;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
    const answer = await app.services.connections.receive(request.params.publicId, { rawBody, body, headers, receivedAt: Date.now() });
    return reply.code(answer.status).send(answer.body);
  });
};
