import type { FastifyInstance } from 'fastify';
import { authoringRouteOptions } from '../qa/authoring.ts';
import { dataReturnRouteOptions, docs, feedQuerySchema, parseFeedQuery } from '../qa/feed-query.ts';
import { IntegrationBody, IntegrationParams, RecordBody, type IntegrationInput, type RecordInput } from './metrics.schemas.ts';

/** External non-interaction metrics: integrations and their records. */
export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const metrics = app.services.externalMetrics;
  const authoring = authoringRouteOptions(app);

  app.get('/v2/integrations', { onRequest: app.requireApiKeyAndJwt, schema: docs('External metrics', "The company's metric integrations") }, (request) => metrics.listIntegrations(request.principal.company.id));
  app.post('/v2/integrations', { ...authoring, schema: { ...docs('External metrics', 'Configure a metric integration'), body: IntegrationBody } }, async (request, reply) =>
    reply.status(201).send(await metrics.createIntegration(request.principal.company.id, request.body as IntegrationInput)),
  );
  app.post('/v2/integrations/:id/records', { ...authoring, schema: { ...docs('External metrics', 'Create or update the record of an employee and date'), params: IntegrationParams, body: RecordBody } }, async (request, reply) =>
    reply
      .status(201)
      .send(await metrics.putRecord(request.principal.company.id, (request.params as { id: string }).id, (request.body as RecordInput).record)),
  );
  app.get('/v2/integrations/:id/records', { ...dataReturnRouteOptions(app), schema: { ...docs('External metrics', 'Records of an integration, ordered by sequence_id'), params: IntegrationParams, querystring: feedQuerySchema(['created_at']) } }, (request) =>
    metrics.feed(request.principal.company.id, (request.params as { id: string }).id, parseFeedQuery(request.query, { created_at: 'created_at' })),
  );
}
