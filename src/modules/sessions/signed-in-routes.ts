import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';

/** The route's `:id` when it is a positive 32-bit integer; undefined when there is none or it is malformed (the params schema answers that). */
function routeId(request: FastifyRequest): number | undefined {
  const raw = (request.params as { id?: string }).id;
  const id = raw === undefined ? undefined : Number(raw);
  return id !== undefined && Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? id : undefined;
}

/**
 * Web-app routes for signed-in people (a settings page's API): a session is required, answers are
 * never cached, and `admit` decides who may, and whether the `:id` is theirs, before the body is
 * read or checked, so refusals never depend on it.
 */
export function signedInRoutes(admit: (request: FastifyRequest, id: number | undefined) => Promise<void>, routes: FastifyPluginAsyncTypebox): FastifyPluginAsyncTypebox {
  return async (scoped, options) => {
    scoped.addHook('onRequest', scoped.requireSession);
    scoped.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    scoped.addHook('preParsing', async (request, _reply, payload) => {
      await admit(request, routeId(request));
      return payload;
    });
    await routes(scoped, options);
  };
}
