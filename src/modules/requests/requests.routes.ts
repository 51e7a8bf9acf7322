import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { parseIdempotencyKey } from './idempotency.ts';
import { errorResponse, errorResponses, jsonResponse, validationErrorResponse } from '../../plugins/error-schemas.ts';
import { ref, refTypedAs } from '../../plugins/named-schemas.ts';
import { compileBodySchema } from '../../plugins/validation.ts';
import { BatchEnvelope, BatchRequestBody, BatchResult, FeedbackRequestBody, RecoveryRequestBody, RequestCreated } from './requests.schemas.ts';

const bodyRefusals = {
  400: validationErrorResponse(400, 'Bad Request: the body is not valid JSON or breaks the schema; every problem is listed', ['customer.email is required', 'employee.email or employee.custom_id is required']),
  413: validationErrorResponse(413, 'Payload Too Large: the body is over 1 MB', ['body is larger than the 1 MB limit']),
  415: validationErrorResponse(415, 'Unsupported Media Type: the body is not application/json', ['Content-Type must be application/json']),
  403: errorResponse(403, {
    description: 'Forbidden: no API key (x-api-key, or HTTP Basic connect:<key>), or one that is not valid',
    example: { error: 'Forbidden', message: 'Forbidden: the x-api-key is not valid' },
  }),
};
const created = (what: string) => jsonResponse(`The ${what} was stored (or, for a retried Idempotency-Key, had been): its request_id`, ref(RequestCreated));
const refusedByRules = errorResponse(422, {
  description: 'Unprocessable Entity: the Idempotency-Key was already used with a different body',
  example: { error: 'Unprocessable Entity', message: 'Idempotency-Key was already used with a different request', errors: ['Idempotency-Key was already used with a different request'] },
});
/** The API key as `x-api-key`, or as the password of HTTP Basic with username `connect`. */
const ingestionSecurity: Record<string, string[]>[] = [{ apiKey: [] }, { basic: [] }];
const idempotencyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      description:
        'Makes retries safe: a request with the key of an earlier one (of this company, within 24 hours) and the same body creates nothing and answers the first request_id; with a different body, 422. 1 to 255 visible ASCII characters.',
    },
  },
} as const;

/**
 * POST /v1/requests and /v1/recoveries take their bodies as text and hand them to the request
 * intake, which parses and validates them where they are stored (on SQLite, the writer thread).
 * The schemas still document the bodies; the intake applies the same ones with the same messages.
 */
const intakeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const options = {
    onRequest: app.requireIngestionKey,
    config: { validationErrorsBody: true, bodyAsText: true },
    // Headers and body are checked by the intake (the key by parseIdempotencyKey).
    validatorCompiler: () => () => true,
  } as const;

  const routes = [
    {
      url: '/v1/requests',
      operationId: 'createFeedbackRequest',
      tag: 'Feedback requests',
      summary: 'Create a standard feedback request',
      description:
        'Stores an interaction for the customer and the employee who helped them and, unless `do_not_send` is set or the customer unsubscribed, emails the customer a one-click star survey from that employee. The employee (by email or custom_id) must exist and be active. All problems of the body are reported at once (400). Send an `Idempotency-Key` to retry safely.',
      body: FeedbackRequestBody,
      success: created('feedback request'),
    },
    {
      url: '/v1/recoveries',
      operationId: 'createRecovery',
      tag: 'Service recovery',
      summary: 'Create a service recovery request',
      description:
        'A follow-up survey linked to an earlier feedback request (by `initial_feedback_request_id`, else by `ext_interaction_id`), sent by the same employee unless another is named. It appears in the feeds with `is_recovery` and `parent_uuid`. Send an `Idempotency-Key` to retry safely.',
      body: RecoveryRequestBody,
      success: created('recovery request'),
    },
  ] as const;
  // Each body is documented by its schema and typed as what the route gets: the text.
  for (const { url, operationId, tag, summary, description, body, success } of routes) {
    app.post(
      url,
      {
        ...options,
        schema: { operationId, tags: [tag], summary, description, security: ingestionSecurity, headers: idempotencyHeader, body: refTypedAs<string | undefined>(body), response: { 200: success, ...bodyRefusals, 422: refusedByRules, ...errorResponses() } },
      },
      (request) => app.services.requestIntake.submit(url, request.scope, request.body, parseIdempotencyKey(request.headers['idempotency-key'])),
    );
  }
};

export const requestsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(intakeRoutes);

  app.post(
    '/v1/requests/batch',
    {
      onRequest: app.requireIngestionKey,
      config: { validationErrorsBody: true },
      // Only the envelope is validated here; each request is validated on its own by the service.
      validatorCompiler: () => compileBodySchema(BatchEnvelope),
      schema: {
        operationId: 'createFeedbackRequestBatch',
        tags: ['Feedback requests'],
        summary: 'Create up to 1,000 feedback requests',
        description:
          'Each request is validated and stored on its own, as POST /v1/requests would: one bad request does not refuse the others. The answer lists, in input order, the request_id of each stored request or the validation_errors of each refused one. 400 only when the envelope itself is wrong (not an object with 1 to 1,000 requests).',
        security: ingestionSecurity,
        body: refTypedAs<Static<typeof BatchEnvelope>>(BatchRequestBody),
        response: {
          200: jsonResponse('The outcome of every request, in input order', ref(BatchResult), {
            example: { results: [{ request_id: '54bd2af9-28cb-48df-8c60-cd27de080cd4' }, { validation_errors: ['channel must be one of the company channels: phone, chat, email'] }] },
          }),
          ...bodyRefusals,
          400: validationErrorResponse(400, 'Bad Request: the body is not an object with 1 to 1,000 requests', ['requests must NOT have fewer than 1 items']),
          ...errorResponses(),
        },
      },
    },
    async (request) => ({ results: await app.services.requests.createFeedbackRequests(request.scope, request.body.requests) }),
  );
};
