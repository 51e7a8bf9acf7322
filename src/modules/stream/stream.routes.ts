import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { errorResponse, errorResponses, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { NO_SESSION } from '../sessions/sessions.service.ts';
import { StreamHub } from './live/stream-hub.ts';
import { lastEventId, openSse } from './live/sse-subscriber.ts';
import { NO_SUCH_FEEDBACK } from './stream.service.ts';
import { FeedbackParams, StreamCard, StreamFilterQuery, StreamOptions, StreamPage, StreamPageQuery, StreamSummary } from './stream.schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's live Stream (Server-Sent Events of /app/api/stream/events). */
    streamHub: StreamHub;
  }
}

const tags = ['Web app'];
const security = [{ session: [] }];
const signedOut = errorResponse(401, { description: 'Unauthorized: no session cookie, or its session has ended', example: { error: 'Unauthorized', message: NO_SESSION } });
const badFilter = errorResponse(400, { description: 'Bad Request: a filter is malformed; the message names it', example: { error: 'Bad Request', message: 'querystring/stars/0 must be <= 5' } });
const outOfScope = errorResponse(403, {
  description: 'Forbidden: agent or team names someone outside the feedback you may see (a team member may pass only their own id)',
  example: { error: 'Forbidden', message: 'Forbidden: agent 12 is outside the feedback you may see' },
});
const filterErrors = { 400: badFilter, 401: signedOut, 403: outOfScope, ...errorResponses() };

/** /app/api/stream...: the web app's Stream of responses, its summary, filters, live events, and one response's page. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.stream;
  const hub = new StreamHub({
    sequenceHeads: (companyIds) => service.sequenceHeads(companyIds),
    changedAfter: (subscriber, upTo, limit) => service.changedAfter(subscriber.scope, subscriber.criteria, subscriber.cursor, upTo, limit),
  }, undefined, app.log);
  app.decorate('streamHub', hub);
  app.addHook('onClose', async () => hub.stop());

  await app.register(async (scoped) => {
    const signedIn = scoped.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', app.requireSession);
    signedIn.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    signedIn.get('/app/api/stream', {
      schema: {
        operationId: 'listStreamCards',
        tags,
        security,
        summary: 'The Stream: responses, newest first',
        description: 'Responses (answered feedback requests, recoveries included) within what you may see and the filters, newest first by sequence_id. Page with before=next_before. The period defaults to the last 30 days of answers.',
        querystring: StreamPageQuery,
        response: { 200: jsonResponse('A page of cards', ref(StreamPage)), ...filterErrors },
      },
    }, async (request) => service.page(request.scope, request.query));

    signedIn.get('/app/api/stream/summary', {
      schema: {
        operationId: 'getStreamSummary',
        tags,
        security,
        summary: 'The Stream in figures',
        description: 'Responses, average stars, % positive, NPS, % resolved, the star breakdown and the top areas of excellence and improvement of the filtered period (default the last 30 days).',
        querystring: StreamFilterQuery,
        response: { 200: jsonResponse('The figures', ref(StreamSummary)), ...filterErrors },
      },
    }, async (request) => service.summary(request.scope, request.query));

    signedIn.get('/app/api/stream/options', {
      schema: {
        operationId: 'getStreamOptions',
        tags,
        security,
        summary: 'The choices of the Stream filters',
        description: 'Channels, brands, and the agents and teams you may filter by.',
        response: { 200: jsonResponse('The choices', ref(StreamOptions)), 401: signedOut, ...errorResponses() },
      },
    }, async (request) => service.options(request.scope));

    signedIn.get('/app/api/feedback/:requestId', {
      schema: {
        operationId: 'getFeedback',
        tags,
        security,
        summary: 'One response',
        description: 'The card of one response, for its shareable page /feedback/<request_id>. 404 (the same answer) when it does not exist, is not answered, or is outside what you may see.',
        params: FeedbackParams,
        response: {
          200: jsonResponse('The response', ref(StreamCard)),
          401: signedOut,
          404: errorResponse(404, { description: 'Not Found: no response of this id that you may see', example: { error: 'Not Found', message: NO_SUCH_FEEDBACK } }),
          ...errorResponses(),
        },
      },
    }, async (request) => service.feedback(request.scope, request.params.requestId));

    signedIn.get('/app/api/stream/events', {
      schema: {
        operationId: 'streamEvents',
        tags,
        security,
        summary: 'New responses as they arrive (Server-Sent Events)',
        description:
          'A text/event-stream of the responses that are new or changed within what you may see and the filters (the period has no end unless to is given): `event: card`, `id: <sequence_id>`, `data: <AppStreamCard JSON>`, within about a second of the answer, from any process. Reconnecting with Last-Event-ID sends what changed since. A comment line every 15 s keeps the connection open; the stream ends when the session does.',
        querystring: StreamFilterQuery,
        response: {
          200: { description: 'The event stream', content: { 'text/event-stream': { schema: Type.String({ description: 'event: card / id: <sequence_id> / data: <AppStreamCard JSON>' }) } } },
          ...filterErrors,
        },
      },
    }, async (request, reply) => {
      const criteria = await service.criteria(request.scope, request.query, true);
      const companyId = request.scope.company.id;
      const resumeAfter = lastEventId(request);
      const cursor = resumeAfter ?? (await service.sequenceHeads([companyId])).get(companyId) ?? 0;
      const subscriber = openSse(request, reply, { scope: request.scope, criteria, cursor, filter: request.query }, {
        authenticate: (token) => app.services.sessions.authenticate(token),
        criteria: (scope, filter) => service.criteria(scope, filter, true),
      });
      const remove = hub.add(subscriber);
      reply.raw.on('close', () => {
        remove();
        subscriber.close();
      });
      // Whatever changed since Last-Event-ID goes out at once.
      if (resumeAfter !== undefined) void hub.tick();
    });
  });
};

/** Not encapsulated, so that app.streamHub is the app's (the routes' hooks stay in their own context). */
export const streamRoutes = fp(routes, { name: 'stream-routes' });
