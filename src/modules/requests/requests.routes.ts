import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestValidationError } from '../../lib/errors.ts';
import { describeSchemaErrors } from '../../plugins/validation.ts';
import { ErrorBody, FeedbackRequestBody, RecoveryRequestBody, RequestCreated, ValidationErrors } from './requests.schemas.ts';

const responses = { 200: RequestCreated, 400: ValidationErrors, 403: ErrorBody, 413: ValidationErrors, 415: ValidationErrors };

function schemaErrors(request: FastifyRequest): string[] {
  return request.validationError?.validation ? describeSchemaErrors(request.validationError.validation) : [];
}

/** The body when it is a JSON object; anything else is refused with the schema's reason alone. */
function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new RequestValidationError(['body must be a JSON object']);
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
        body: FeedbackRequestBody,
        response: responses,
      },
    },
    (request) => app.services.requests.createFeedbackRequest(request.principal, bodyObject(request), schemaErrors(request)),
  );

  app.post(
    '/v1/recoveries',
    {
      ...options,
      schema: {
        tags: ['Service recovery'],
        summary: 'Create a service recovery request',
        security: [{ apiKey: [] }],
        body: RecoveryRequestBody,
        response: responses,
      },
    },
    (request) => app.services.requests.createRecovery(request.principal, bodyObject(request), schemaErrors(request)),
  );
}
