import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { readFeedQuery } from '../../feeds/feed-query.ts';
import { feedRouteOptions } from '../../feeds/feed-routes.ts';
import { feedQuerystring } from '../../feeds/query-schema.ts';
import { FEED_PAGING, feedResponses, windowedFeed } from '../../feeds/windowed-feed.ts';
import { errorResponse, errorResponses, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { docs } from '../../plugins/route-docs.ts';
import { authoringResponses, authoringRouteOptions } from '../qa/authoring.ts';
import { Integration, IntegrationBody, IntegrationParams, MetricRecord, RecordBody } from './metrics.schemas.ts';

const RECORDS = windowedFeed(['created_at']);
const unknownIntegration = errorResponse(404, { description: 'Not Found: this company has no integration with this id', example: { error: 'Not Found', message: 'integration "wfm" does not exist' } });

/** External non-interaction metrics: integrations and their records. */
export const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const metrics = app.services.externalMetrics;
  const authoring = authoringRouteOptions(app);

  app.get('/v2/integrations', { onRequest: app.requireApiKeyAndJwt, schema: { ...docs('External metrics', 'listIntegrations', "The company's metric integrations", 'Every metric integration of the company, with the record fields it maps.'), response: { 200: jsonResponse('Every integration', Type.Array(ref(Integration))), ...errorResponses(403) } } }, (request) => metrics.listIntegrations(request.scope.company.id));
  app.post('/v2/integrations', { ...authoring, schema: { ...docs('External metrics', 'createIntegration', 'Configure a metric integration', 'Declares a source of metrics: which fields of its records hold numeric metrics, which names the employee (by email or custom id) and which holds the date.'), body: ref(IntegrationBody), response: authoringResponses(201, 'The integration created', Integration) } }, async (request, reply) =>
    reply.status(201).send(await metrics.createIntegration(request.scope.company.id, request.body)),
  );
  app.post('/v2/integrations/:id/records', { ...authoring, schema: { ...docs('External metrics', 'upsertIntegrationRecord', 'Create or update the record of an employee and date', 'Stores the metrics of one employee on one date; sending the same employee and date again replaces the record (and gives it a new sequence_id).'), params: IntegrationParams, body: ref(RecordBody), response: authoringResponses(201, 'The record as stored', MetricRecord) } }, async (request, reply) =>
    reply
      .status(201)
      .send(await metrics.putRecord(request.scope.company.id, request.params.id, request.body.record)),
  );
  const integrationExists = (request: FastifyRequest & { params: Static<typeof IntegrationParams> }) => metrics.requireIntegration(request.scope.company.id, request.params.id);
  app.get('/v2/integrations/:id/records', { ...feedRouteOptions(app, RECORDS, integrationExists), schema: { ...docs('External metrics', 'listIntegrationRecords', 'Records of an integration, ordered by sequence_id', `The records of one integration. ${FEED_PAGING}`), params: IntegrationParams, querystring: feedQuerystring(RECORDS), response: { ...feedResponses(MetricRecord, 'A page of records'), 404: unknownIntegration } } }, (request) =>
    metrics.feed(request.scope, request.params.id, readFeedQuery(request.query, RECORDS)),
  );
};
