import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../plugins/error-schemas.ts';
import { testOnly } from '../companies/test-key-policy.ts';
import { authoringResponses, authoringRouteOptions } from '../qa/authoring.ts';
import { dataReturnRouteOptions, docs, feedQuerySchema, feedResponses, parseFeedQuery } from '../qa/feed-query.ts';
import { Integration, IntegrationBody, IntegrationParams, MetricRecord, RecordBody, type IntegrationInput, type RecordInput } from './metrics.schemas.ts';

/** External non-interaction metrics: integrations and their records. */
export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const metrics = app.services.externalMetrics;
  const authoring = authoringRouteOptions(app);

  app.get('/v2/integrations', { onRequest: app.requireApiKeyAndJwt, schema: { ...docs('External metrics', "The company's metric integrations"), response: { 200: Type.Array(Integration), ...errorResponses(403) } } }, (request) => metrics.listIntegrations(request.principal.company.id));
  app.post('/v2/integrations', { ...authoring, schema: { ...docs('External metrics', 'Configure a metric integration'), body: IntegrationBody, response: authoringResponses({ 201: Integration }) } }, async (request, reply) =>
    reply.status(201).send(await metrics.createIntegration(request.principal.company.id, request.body as IntegrationInput)),
  );
  app.post('/v2/integrations/:id/records', { ...authoring, schema: { ...docs('External metrics', 'Create or update the record of an employee and date'), params: IntegrationParams, body: RecordBody, response: authoringResponses({ 201: MetricRecord }) } }, async (request, reply) =>
    reply
      .status(201)
      .send(await metrics.putRecord(request.principal.company.id, (request.params as { id: string }).id, (request.body as RecordInput).record)),
  );
  const integrationExists = (request: FastifyRequest) => metrics.requireIntegration(request.principal.company.id, (request.params as { id: string }).id);
  app.get('/v2/integrations/:id/records', { ...dataReturnRouteOptions(app, integrationExists), schema: { ...docs('External metrics', 'Records of an integration, ordered by sequence_id'), params: IntegrationParams, querystring: feedQuerySchema(['created_at']), response: { ...feedResponses(MetricRecord), ...errorResponses(404) } } }, (request) =>
    metrics.feed(request.principal.company.id, (request.params as { id: string }).id, parseFeedQuery(request.query, { created_at: 'created_at' }), testOnly(request.principal)),
  );
}
