import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { feedRouteOptions } from '../../feeds/feed-routes.ts';
import { sendFeed } from '../../feeds/feed-stream.ts';
import { errorResponse, errorResponses, jsonResponse, RATE_LIMIT_HEADERS, RetryLater } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { InteractionV2, RequestsEnvelope, ResponsesEnvelope, V1RequestsFeed, V1RequestsQuery, V1ResponsesFeed, V1ResponsesQuery, V2DataFeed, V2DataQuery } from './schemas.ts';

const refusals = {
  ...errorResponses(403),
  400: errorResponse(400, {
    description: 'Bad Request: a query parameter is not valid; the message names it',
    example: { error: 'Bad Request', message: 'created_at_gte must be an ISO 8601 date-time such as 2019-12-20T00:00:00-05:00' },
  }),
  429: RetryLater,
};
const security = [{ apiKey: [], jwt: [] }];
const paging =
  'Records come in ascending sequence_id order; pass the last sequence_id of a page as `after` to get the next one, until a page is empty. A record that changes (a new answer, a delivery) comes back later with a new sequence_id. At most 10,000 records per page (default 1,000) unless `stream=true`, which streams every record after `after` as one response. Rate limited per API key (RateLimit-* headers).';
const page = (description: string, schema: Parameters<typeof jsonResponse>[1]) => jsonResponse(description, schema, { headers: RATE_LIMIT_HEADERS });

/** GET /v2/data, /v1/data/requests, /v1/data/responses: JWT + key, rate limited per key. */
export const dataReturnRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v2/data',
    {
      ...feedRouteOptions(app, V2DataFeed),
      schema: {
        operationId: 'listInteractions',
        tags: ['Data return'],
        summary: 'Feedbacks v2: interactions ordered by sequence_id',
        description: `Every feedback request (and, with include_recovery=true, service recovery) of the company with its survey answers. ${paging}`,
        security,
        querystring: V2DataQuery,
        response: { 200: page('A page of interactions, ascending by sequence_id', Type.Array(ref(InteractionV2))), ...refusals },
      },
    },
    (request, reply) => {
      const feed = app.services.dataReturn.interactionsV2(request.scope, request.query);
      return sendFeed(reply, feed.chunks, { stream: feed.paging.stream });
    },
  );

  app.get(
    '/v1/data/requests',
    {
      ...feedRouteOptions(app, V1RequestsFeed),
      schema: {
        operationId: 'listFeedbackRequestsV1',
        tags: ['Data return'],
        summary: 'Feedback requests (v1), ordered by sequence_id',
        description: `The feedback requests of the company in the v1 shape, without answers (see listSurveyResponsesV1). ${paging}`,
        security,
        querystring: V1RequestsQuery,
        response: { 200: page('A page of feedback requests', ref(RequestsEnvelope)), ...refusals },
      },
    },
    (request, reply) => {
      const feed = app.services.dataReturn.requestsV1(request.scope, request.query);
      return sendFeed(reply, feed.chunks, { stream: feed.paging.stream, envelope: 'requests' });
    },
  );

  app.get(
    '/v1/data/responses',
    {
      ...feedRouteOptions(app, V1ResponsesFeed),
      schema: {
        operationId: 'listSurveyResponsesV1',
        tags: ['Data return'],
        summary: 'Survey responses (v1), ordered by sequence_id',
        description: `The survey responses of the company in the v1 shape: one per interaction that has answers. ${paging}`,
        security,
        querystring: V1ResponsesQuery,
        response: { 200: page('A page of survey responses', ref(ResponsesEnvelope)), ...refusals },
      },
    },
    (request, reply) => {
      const feed = app.services.dataReturn.responsesV1(request.scope, request.query);
      return sendFeed(reply, feed.chunks, { stream: feed.paging.stream, envelope: 'responses' });
    },
  );
};
