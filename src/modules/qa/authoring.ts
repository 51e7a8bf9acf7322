import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnprocessableError } from '../../lib/errors.ts';
import { errorResponses, jsonBodyErrors } from '../../plugins/error-schemas.ts';
import { describeSchemaErrors } from '../../plugins/validation.ts';

/** Body problems of authoring routes are 422 with one message per field, like every semantic error. */
async function schemaErrorsAs422(request: FastifyRequest): Promise<void> {
  const failure = request.validationError;
  if (!failure) return;
  const messages = failure.validation ? describeSchemaErrors(failure.validation, failure.validationContext ?? 'body') : [failure.message];
  throw new UnprocessableError(messages);
}

/** Route options of every authoring route (POST/PUT): JWT + key, schema failures as 422. */
export function authoringRouteOptions(app: FastifyInstance) {
  return { onRequest: app.requireApiKeyAndJwt, attachValidation: true, preHandler: schemaErrorsAs422 } as const;
}

/** Responses of an authoring route: `success` ({201: X} or {200: X}), bad JSON, credentials, unknown references, semantic errors. */
export function authoringResponses<S extends object>(success: S) {
  return { ...success, ...jsonBodyErrors, ...errorResponses(403, 404, 422) };
}
