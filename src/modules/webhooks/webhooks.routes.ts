import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, jsonBodyErrors } from '../../plugins/error-schemas.ts';
import { testOnly } from '../companies/test-key-policy.ts';
import { CreatedEndpoint, CreateEndpointBody, DeliveriesQuery, Delivery, Endpoint, EndpointParams, UpdateEndpointBody } from './webhooks.schemas.ts';

const common = { tags: ['Webhooks'], security: [{ apiKey: [], jwt: [] }] };

export async function webhooksRoutes(app: FastifyInstance): Promise<void> {
  const onRequest = app.requireApiKeyAndJwt;
  const service = () => app.services.webhooks;

  app.post(
    '/v2/webhooks',
    { onRequest, schema: { ...common, summary: 'Register a webhook endpoint', body: CreateEndpointBody, response: { 201: CreatedEndpoint, ...jsonBodyErrors, ...errorResponses(403, 422) } } },
    async (request, reply) => reply.status(201).send(await service().create(request.principal.company.id, request.body as Static<typeof CreateEndpointBody>, testOnly(request.principal))),
  );

  app.get(
    '/v2/webhooks',
    { onRequest, schema: { ...common, summary: 'List webhook endpoints', response: { 200: Type.Object({ webhooks: Type.Array(Endpoint) }, { additionalProperties: false }), ...errorResponses(403) } } },
    async (request) => ({ webhooks: await service().list(request.principal.company.id, testOnly(request.principal)) }),
  );

  app.put(
    '/v2/webhooks/:id',
    {
      onRequest,
      schema: { ...common, summary: 'Enable or disable an endpoint', params: EndpointParams, body: UpdateEndpointBody, response: { 200: Endpoint, ...jsonBodyErrors, ...errorResponses(403, 404, 422) } },
    },
    async (request) => {
      const { id } = request.params as Static<typeof EndpointParams>;
      return service().setEnabled(request.principal.company.id, id, (request.body as Static<typeof UpdateEndpointBody>).enabled, testOnly(request.principal));
    },
  );

  app.get(
    '/v2/webhooks/:id/deliveries',
    {
      onRequest,
      schema: {
        ...common,
        summary: 'The delivery log of an endpoint, newest first',
        params: EndpointParams,
        querystring: DeliveriesQuery,
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }, { additionalProperties: false }), ...errorResponses(400, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof EndpointParams>;
      const { limit, before } = request.query as Static<typeof DeliveriesQuery>;
      return { deliveries: await service().deliveries(request.principal.company.id, id, limit, before, testOnly(request.principal)) };
    },
  );
}
