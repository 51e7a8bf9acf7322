import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestValidationError } from '../../lib/errors.ts';
import { compileBodyValidator, describeSchemaErrors } from '../../plugins/validation.ts';
import { parseIdempotencyKey, requestHash, type IdempotencyClaim } from './idempotency.ts';
import { errorResponses, ValidationErrors } from '../../plugins/error-schemas.ts';
import { BatchRequestBody, BatchResult, FeedbackRequestBody, RecoveryRequestBody, RequestCreated } from './requests.schemas.ts';

const bodyRefusals = { 400: ValidationErrors, 413: ValidationErrors, 415: ValidationErrors, ...errorResponses(403) };
const responses = { 200: RequestCreated, ...bodyRefusals, ...errorResponses(422) };
const idempotencyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', description: 'Retries with the same key and body return the original request_id (kept 24 h)' },
  },
} as const;
const validateFeedbackRequest = compileBodyValidator(FeedbackRequestBody);

function schemaErrors(request: FastifyRequest): string[] {
  return request.validationError?.validation ? describeSchemaErrors(request.validationError.validation) : [];
}

/** The body when it is a JSON object; anything else is refused with the schema's reason alone. */
function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new RequestValidationError(['body must be a JSON object']);
}

function idempotencyClaim(request: FastifyRequest, endpoint: string): IdempotencyClaim | undefined {
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  return key === undefined ? undefined : { key, hash: requestHash(endpoint, request.principal, request.body) };
}

export async function requestsRoutes(app: FastifyInstance): Promise<void> {
  const options = {
    onRequest: app.requireApiKey,
    attachValidation: true,
    config: { validationErrorsBody: true },
  } as const;

  app.post(
    '/v1/requests',
    {
      ...options,
      schema: {
        tags: ['Feedback requests'],
        summary: 'Create a standard feedback request',
        security: [{ apiKey: [] }],
        headers: idempotencyHeader,
        body: FeedbackRequestBody,
        response: responses,
      },
    },
    (request) =>
      app.services.requests.createFeedbackRequest(request.principal, bodyObject(request), schemaErrors(request), idempotencyClaim(request, '/v1/requests')),
  );

  app.post(
    '/v1/recoveries',
    {
      ...options,
      schema: {
        tags: ['Service recovery'],
        summary: 'Create a service recovery request',
        security: [{ apiKey: [] }],
        headers: idempotencyHeader,
        body: RecoveryRequestBody,
        response: responses,
      },
    },
    (request) =>
      app.services.requests.createRecovery(request.principal, bodyObject(request), schemaErrors(request), idempotencyClaim(request, '/v1/recoveries')),
  );

  app.post(
    '/v1/requests/batch',
    {
      onRequest: app.requireApiKey,
      config: { validationErrorsBody: true },
      schema: {
        tags: ['Feedback requests'],
        summary: 'Create up to 1,000 feedback requests; each is validated and stored on its own',
        security: [{ apiKey: [] }],
        body: BatchRequestBody,
        response: { 200: BatchResult, ...bodyRefusals },
      },
    },
    async (request) => {
      const { requests } = request.body as { requests: unknown[] };
      const items = requests.map((body) => ({ body, schemaErrors: validateFeedbackRequest(body) }));
      return { results: await app.services.requests.createFeedbackRequests(request.principal, items) };
    },
  );
}
