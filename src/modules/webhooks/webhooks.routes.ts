import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
import { CreatedEndpoint, CreateEndpointBody, DeliveriesQuery, Delivery, Endpoint, EndpointParams, UpdateEndpointBody } from './webhooks.schemas.ts';

const common = { tags: ['Webhooks'], security: [{ apiKey: [], jwt: [] }] };
const badBody = {
  ...jsonBodyErrors,
  400: errorResponse(400, {
    description: 'Bad Request: the body is not valid JSON or breaks the schema; errors lists every problem',
    example: { error: 'Bad Request', message: 'events is required', errors: ['events is required'] },
  }),
};
const unknownEndpoint = errorResponse(404, { description: 'Not Found: this company has no endpoint with this id', example: { error: 'Not Found', message: 'no webhook endpoint 999999' } });
const refusedUrl = errorResponse(422, {
  description: 'Unprocessable Entity: the URL is not http(s) or not reachable on the internet, or the company already has its maximum of endpoints',
  example: { error: 'Unprocessable Entity', message: 'url must be an http or https URL', errors: ['url must be an http or https URL'] },
});
const limit = 'a company may have at most 20 enabled webhook endpoints; disable one first';
const tooManyEnabled = errorResponse(422, {
  description: 'Unprocessable Entity: enabling it would exceed the maximum of enabled endpoints',
  example: { error: 'Unprocessable Entity', message: limit, errors: [limit] },
});

export const webhooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const onRequest = app.requireApiKeyAndJwt;
  const service = () => app.services.webhooks;

  app.post(
    '/v2/webhooks',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'createWebhookEndpoint',
        summary: 'Register a webhook endpoint',
        description: 'Events of the chosen types are POSTed to the URL, signed per Standard Webhooks with the secret answered here (shown only once), and retried with backoff until they succeed or expire.',
        body: ref(CreateEndpointBody),
        response: { 201: jsonResponse('The endpoint, with its signing secret', ref(CreatedEndpoint)), ...badBody, ...errorResponses(403), 422: refusedUrl },
      },
    },
    async (request, reply) => reply.status(201).send(await service().create(request.scope, request.body)),
  );

  app.get(
    '/v2/webhooks',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'listWebhookEndpoints',
        summary: 'List webhook endpoints',
        description: "The company's webhook endpoints (without their secrets).",
        response: { 200: jsonResponse('Every endpoint of the company', Type.Object({ webhooks: Type.Array(ref(Endpoint)) }, { additionalProperties: false })), ...errorResponses(403) },
      },
    },
    async (request) => ({ webhooks: await service().list(request.scope) }),
  );

  app.put(
    '/v2/webhooks/:id',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'updateWebhookEndpoint',
        summary: 'Enable or disable an endpoint',
        description: 'Stops or resumes sending events to an endpoint; the server also disables an endpoint whose deliveries keep failing (disabled_reason).',
        params: EndpointParams,
        body: ref(UpdateEndpointBody),
        response: { 200: jsonResponse('The endpoint as it is now', ref(Endpoint)), ...badBody, ...errorResponses(403), 404: unknownEndpoint, 422: tooManyEnabled },
      },
    },
    async (request) => {
      return service().setEnabled(request.scope, request.params.id, request.body.enabled);
    },
  );

  app.get(
    '/v2/webhooks/:id/deliveries',
    {
      onRequest,
      schema: {
        ...common,
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log of an endpoint, newest first',
        description: 'Each event sent or to be sent to the endpoint, with its attempts and last error, newest first; page backwards with `before`.',
        params: EndpointParams,
        querystring: DeliveriesQuery,
        response: {
          200: jsonResponse('A page of deliveries, newest first', Type.Object({ deliveries: Type.Array(ref(Delivery)) }, { additionalProperties: false })),
          ...errorResponses(400, 403),
          404: unknownEndpoint,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { limit, before } = request.query;
      return { deliveries: await service().deliveries(request.scope, id, limit, before) };
    },
  );
};
