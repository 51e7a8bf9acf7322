import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnprocessableError } from '../../lib/errors.ts';
import type { TSchema } from '@sinclair/typebox';
import { errorResponse, errorResponses, jsonBodyErrors, jsonResponse } from '../../plugins/error-schemas.ts';
import { ref } from '../../plugins/named-schemas.ts';
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

const unknownRecord = errorResponse(404, {
  description: 'Not Found: the record in the path, or one the body names (scorecard, review, employee...), does not exist in this company',
  example: { error: 'Not Found', message: 'employee email "nobody@example.com" does not match an employee of this company' },
});
const brokenRules = errorResponse(422, {
  description: 'Unprocessable Entity: the body breaks the schema or a rule (an unanswered question on completion, an inactive employee...); errors lists every problem',
  example: { error: 'Unprocessable Entity', message: 'employee.email or employee.custom_id is required', errors: ['employee.email or employee.custom_id is required'] },
});

/** Responses of an authoring route: `status` with the named schema `success`, bad JSON, credentials, unknown references, semantic errors. */
export function authoringResponses<S extends 200 | 201>(status: S, description: string, success: TSchema) {
  const answer = { [status]: jsonResponse(description, ref(success)) } as Record<S, ReturnType<typeof jsonResponse>>;
  return { ...answer, ...jsonBodyErrors, ...errorResponses(403), 404: unknownRecord, 422: brokenRules };
}
