import type { FastifyInstance } from 'fastify';
import { authoringRouteOptions } from '../qa/authoring.ts';
import { dataReturnRouteOptions, parseFeedQuery } from '../qa/feed-query.ts';
import { IntegrationBody, IntegrationParams, RecordBody, type IntegrationInput, type RecordInput } from './metrics.schemas.ts';

/** External non-interaction metrics: integrations and their records. */
export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const { metrics } = app.services;
  const authoring = authoringRouteOptions(app);

  app.get('/v2/integrations', { onRequest: app.requireApiKeyAndJwt }, (request) => metrics.listIntegrations(request.principal.company.id));
  app.post('/v2/integrations', { ...authoring, schema: { body: IntegrationBody } }, async (request, reply) =>
    reply.status(201).send(await metrics.createIntegration(request.principal.company.id, request.body as IntegrationInput)),
  );
  app.post('/v2/integrations/:id/records', { ...authoring, schema: { params: IntegrationParams, body: RecordBody } }, async (request, reply) =>
    reply
      .status(201)
      .send(await metrics.putRecord(request.principal.company.id, (request.params as { id: string }).id, (request.body as RecordInput).record)),
  );
  app.get('/v2/integrations/:id/records', { ...dataReturnRouteOptions(app), schema: { params: IntegrationParams } }, (request) =>
    metrics.feed(request.principal.company.id, (request.params as { id: string }).id, parseFeedQuery(request.query, { created_at: 'created_at' })),
  );
}
