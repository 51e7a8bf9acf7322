import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { AppError, RequestValidationError, TooManyAttemptsError, UnprocessableError, summariseMessages } from '../lib/errors.ts';
import { describeSchemaErrors } from './validation.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer 400/413/415 of this route as `{"validation_errors": [...]}` (the request APIs). */
    validationErrorsBody?: boolean;
    /** The route receives a JSON body as text and reads it itself (parsing, screening, schema). */
    bodyAsText?: boolean;
  }
}

/** Statuses that mean "the body you sent is unusable" (answered as validation_errors on the request APIs). */
const BODY_PROBLEMS = new Set([400, 413, 415]);

/** The refusal of an empty JSON body (also by the request intake, which parses its bodies itself). */
export const EMPTY_JSON_BODY = 'body must not be empty when Content-Type is application/json';

/** The refusal of a body that is not JSON, with the parser's reason. */
export function invalidJsonBody(reason: string): string {
  return `body is not valid JSON: ${reason}`;
}

function clientMessages(error: FastifyError, request: FastifyRequest): string[] {
  if (error.validation) return summariseMessages(describeSchemaErrors(error.validation, error.validationContext ?? 'body'));
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return [invalidJsonBody(error.message)];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [EMPTY_JSON_BODY];
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [`body is larger than the ${Math.round((request.routeOptions.bodyLimit ?? 1024 * 1024) / 1024 / 1024)} MB limit`];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return ['Content-Type must be application/json'];
    default:
      return [error.message];
  }
}

/**
 * Fastify's own refusals before routing (a path that is not valid percent-encoding, a too-long
 * path parameter): the usual `{"error", "message"}` body and headers, with the request id.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const statusCode = error.statusCode ?? 400;
  reply
    .status(statusCode)
    .header('x-request-id', request.id)
    .header('x-content-type-options', 'nosniff')
    .send({ error: STATUS_CODES[statusCode] ?? 'Error', message: error.message });
}

/** JSON errors everywhere; never a stack trace or internal detail in a response. Losing the database is a 503. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const statusCode = error instanceof AppError ? error.statusCode : (error.statusCode ?? 500);
    if (statusCode >= 500 && isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.status(503).header('retry-after', '1').send({ error: 'Service Unavailable', message: 'The database is unavailable; retry shortly' });
    }
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: 'Internal Server Error', message: 'Something went wrong on our side' });
    }
    if (error instanceof TooManyAttemptsError) reply.header('retry-after', String(error.retryAfterSeconds));
    else if (statusCode === 429) return reply.status(429).type('text/plain; charset=utf-8').send('Retry Later');
    const errors = error instanceof AppError ? error.errors : clientMessages(error, request);
    if (error instanceof RequestValidationError || (request.routeOptions.config.validationErrorsBody && BODY_PROBLEMS.has(statusCode))) {
      return reply.status(statusCode).send({ validation_errors: errors });
    }
    const body: Record<string, unknown> = { error: STATUS_CODES[statusCode] ?? 'Error', message: errors.join('; ') };
    if (error instanceof UnprocessableError || error.validation) body.errors = errors;
    return reply.status(statusCode).send(body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` }),
  );
}
