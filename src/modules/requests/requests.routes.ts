import type { FastifyInstance } from 'fastify';
import { parseIdempotencyKey } from './idempotency.ts';
import { errorResponses, ValidationErrors } from '../../plugins/error-schemas.ts';
import { BatchRequestBody, BatchResult, FeedbackRequestBody, RecoveryRequestBody, RequestCreated } from './requests.schemas.ts';

const bodyRefusals = { 400: ValidationErrors, 413: ValidationErrors, 415: ValidationErrors, ...errorResponses(403) };
const responses = { 200: RequestCreated, ...bodyRefusals, ...errorResponses(422) };
/** The API key as `x-api-key`, or as the password of HTTP Basic with username `connect`. */
const ingestionSecurity: Record<string, string[]>[] = [{ apiKey: [] }, { basic: [] }];
const idempotencyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', description: 'Retries with the same key and body return the original request_id (kept 24 h)' },
  },
} as const;

/**
 * POST /v1/requests and /v1/recoveries take their bodies as text and hand them to the request
 * intake, which parses and validates them where they are stored (on SQLite, the writer thread).
 * The schemas still document the bodies; the intake applies the same ones with the same messages.
 */
async function intakeRoutes(app: FastifyInstance): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const options = {
    onRequest: app.requireIngestionKey,
    config: { validationErrorsBody: true, bodyAsText: true },
    // Headers and body are checked by the intake (the key by parseIdempotencyKey).
    validatorCompiler: () => () => true,
  } as const;

  for (const [url, summary, tag, body] of [
    ['/v1/requests', 'Create a standard feedback request', 'Feedback requests', FeedbackRequestBody],
    ['/v1/recoveries', 'Create a service recovery request', 'Service recovery', RecoveryRequestBody],
  ] as const) {
    app.post(
      url,
      { ...options, schema: { tags: [tag], summary, security: ingestionSecurity, headers: idempotencyHeader, body, response: responses } },
      (request) => app.services.requestIntake.submit(url, request.principal, request.body as string | undefined, parseIdempotencyKey(request.headers['idempotency-key'])),
    );
  }
}

export async function requestsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(intakeRoutes);

  app.post(
    '/v1/requests/batch',
    {
      onRequest: app.requireIngestionKey,
      config: { validationErrorsBody: true },
      schema: {
        tags: ['Feedback requests'],
        summary: 'Create up to 1,000 feedback requests; each is validated and stored on its own',
        security: ingestionSecurity,
        body: BatchRequestBody,
        response: { 200: BatchResult, ...bodyRefusals },
      },
    },
    async (request) => ({ results: await app.services.requests.createFeedbackRequests(request.principal, (request.body as { requests: unknown[] }).requests) }),
  );
}
