import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CreatedEndpoint, CreateEndpointBody, DeliveriesQuery, Delivery, Endpoint, EndpointParams, UpdateEndpointBody } from './webhooks.schemas.ts';

const ErrorBody = Type.Object({ error: Type.String(), message: Type.String(), errors: Type.Optional(Type.Array(Type.String())) });
const common = { tags: ['Webhooks'], security: [{ apiKey: [], jwt: [] }] };

export async function webhooksRoutes(app: FastifyInstance): Promise<void> {
  const onRequest = app.requireApiKeyAndJwt;
  const service = () => app.services.webhooks;

  app.post(
    '/v2/webhooks',
    { onRequest, schema: { ...common, summary: 'Register a webhook endpoint', body: CreateEndpointBody, response: { 201: CreatedEndpoint, 400: ErrorBody, 403: ErrorBody, 422: ErrorBody } } },
    async (request, reply) => reply.status(201).send(await service().create(request.principal.company.id, request.body as Static<typeof CreateEndpointBody>)),
  );

  app.get(
    '/v2/webhooks',
    { onRequest, schema: { ...common, summary: 'List webhook endpoints', response: { 200: Type.Object({ webhooks: Type.Array(Endpoint) }), 403: ErrorBody } } },
    async (request) => ({ webhooks: await service().list(request.principal.company.id) }),
  );

  app.put(
    '/v2/webhooks/:id',
    {
      onRequest,
      schema: { ...common, summary: 'Enable or disable an endpoint', params: EndpointParams, body: UpdateEndpointBody, response: { 200: Endpoint, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
    },
    async (request) => {
      const { id } = request.params as Static<typeof EndpointParams>;
      return service().setEnabled(request.principal.company.id, id, (request.body as Static<typeof UpdateEndpointBody>).enabled);
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
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof EndpointParams>;
      const { limit, before } = request.query as Static<typeof DeliveriesQuery>;
      return { deliveries: await service().deliveries(request.principal.company.id, id, limit, before) };
    },
  );
}
