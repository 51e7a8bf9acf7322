import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { sendFeed } from './feed.ts';
import { errorResponses, RetryLater } from '../../plugins/error-schemas.ts';
import { InteractionV2, RequestsEnvelope, ResponsesEnvelope, V1RequestsQuery, V1ResponsesQuery, V2DataQuery } from './schemas.ts';

const refusals = { ...errorResponses(400, 403), 429: RetryLater };
const security = [{ apiKey: [], jwt: [] }];

/** GET /v2/data, /v1/data/requests, /v1/data/responses: JWT + key, rate limited per key. */
export async function dataReturnRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const options = { onRequest: app.requireApiKeyAndJwt, config: { rateLimit: app.perApiKeyRateLimit } };

  app.get(
    '/v2/data',
    {
      ...options,
      schema: {
        tags: ['Data return'],
        summary: 'Feedbacks v2: interactions ordered by sequence_id',
        security,
        querystring: V2DataQuery,
        response: { 200: Type.Array(InteractionV2), ...refusals },
      },
    },
    (request, reply) => {
      const feed = app.services.dataReturn.interactionsV2(request.principal, request.query);
      return sendFeed(reply, feed.chunks, { stream: feed.paging.stream });
    },
  );

  app.get(
    '/v1/data/requests',
    {
      ...options,
      schema: {
        tags: ['Data return'],
        summary: 'Feedback requests (v1), ordered by sequence_id',
        security,
        querystring: V1RequestsQuery,
        response: { 200: RequestsEnvelope, ...refusals },
      },
    },
    (request, reply) => {
      const feed = app.services.dataReturn.requestsV1(request.principal, request.query);
      return sendFeed(reply, feed.chunks, { stream: feed.paging.stream, envelope: 'requests' });
    },
  );

  app.get(
    '/v1/data/responses',
    {
      ...options,
      schema: {
        tags: ['Data return'],
        summary: 'Survey responses (v1), ordered by sequence_id',
        security,
        querystring: V1ResponsesQuery,
        response: { 200: ResponsesEnvelope, ...refusals },
      },
    },
    (request, reply) => {
      const feed = app.services.dataReturn.responsesV1(request.principal, request.query);
      return sendFeed(reply, feed.chunks, { stream: feed.paging.stream, envelope: 'responses' });
    },
  );
}
