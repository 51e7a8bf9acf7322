import { Type, type TSchema } from '@sinclair/typebox';
import { named, ref } from './named-schemas.ts';

/**
 * Responses every module shares, as the OpenAPI document shows them: the JSON error body of
 * plugins/errors.ts (a description and an example of its own per status), the request APIs'
 * validation_errors, the seed's plain-text 429, and the headers that come with them.
 */

/** Any refused request outside the request APIs; `errors` lists each problem when there are several (422, schema failures). */
export const ErrorBody = named(
  'ApiError',
  Type.Object(
    {
      error: Type.String({ description: 'The HTTP reason phrase, e.g. Not Found' }),
      message: Type.String({ description: 'What was wrong, naming the field or parameter' }),
      errors: Type.Optional(Type.Array(Type.String(), { description: 'One message per problem (422, and a body or parameter that breaks the schema)' })),
    },
    { additionalProperties: false, description: 'Why the request was refused' },
  ),
);

/** 400 (and 413/415) of POST /v1/requests, /v1/recoveries and /v1/requests/batch. */
export const ValidationErrors = named(
  'ValidationErrors',
  Type.Object(
    { validation_errors: Type.Array(Type.String(), { description: 'Every problem of the request at once, each naming its field' }) },
    { additionalProperties: false, description: 'Why a feedback or recovery request was refused' },
  ),
);

type Headers = Record<string, { type: string; description: string }>;

/** Sent with every response. */
export const REQUEST_ID_HEADER: Headers = {
  'X-Request-Id': { type: 'string', description: 'The id of this request in the server logs: yours when you sent an X-Request-Id, else a new uuid' },
};

/** Sent by the routes with a per-key rate limit (IETF draft RateLimit header fields). */
export const RATE_LIMIT_HEADERS: Headers = {
  'RateLimit-Limit': { type: 'integer', description: 'Requests allowed per API key and route in each one-minute window' },
  'RateLimit-Remaining': { type: 'integer', description: 'Requests left in the current window' },
  'RateLimit-Reset': { type: 'integer', description: 'Seconds until the current window ends' },
};

const RETRY_AFTER: Headers = { 'Retry-After': { type: 'integer', description: 'Seconds to wait before retrying' } };

/** A JSON response with its description, headers (X-Request-Id always) and optional example. */
export function jsonResponse(description: string, schema: TSchema, options: { headers?: Headers; example?: unknown } = {}) {
  return {
    description,
    headers: { ...REQUEST_ID_HEADER, ...options.headers },
    content: { 'application/json': { schema, ...(options.example === undefined ? {} : { example: options.example }) } },
  };
}

/** What each status of a JSON error means, with a typical body. */
const ERRORS = {
  400: {
    description: 'Bad Request: a parameter or the JSON body is malformed; the message names it',
    example: { error: 'Bad Request', message: 'after must be a sequence id (a non-negative integer)' },
  },
  401: {
    description: 'Unauthorized: no session cookie, or its session has ended',
    example: { error: 'Unauthorized', message: 'Unauthorized: sign in first (no session, or it has ended)' },
  },
  403: {
    description: 'Forbidden: the API key or the JWT is missing or not valid, or the test key may not do this',
    example: { error: 'Forbidden', message: "Forbidden: the JWT is malformed, not HS256, or not signed with this company's API secret" },
  },
  404: {
    description: 'Not Found: nothing of this company has the id in the path, or the body names an unknown record',
    example: { error: 'Not Found', message: 'No employee with email or custom_employee_id nobody@example.com' },
  },
  413: {
    description: 'Payload Too Large: the body is over 1 MB',
    example: { error: 'Payload Too Large', message: 'body is larger than the 1 MB limit' },
  },
  415: {
    description: 'Unsupported Media Type: the body is not application/json',
    example: { error: 'Unsupported Media Type', message: 'Content-Type must be application/json' },
  },
  422: {
    description: 'Unprocessable Entity: the body is well-formed but breaks a rule; errors lists every problem',
    example: { error: 'Unprocessable Entity', message: 'email is required; first_name is required', errors: ['email is required', 'first_name is required'] },
  },
  503: {
    description: 'Service Unavailable: the database did not answer; retry after Retry-After seconds',
    example: { error: 'Service Unavailable', message: 'The database is unavailable; retry shortly' },
  },
} as const;

export type ErrorStatus = keyof typeof ERRORS;

/** The JSON error response of `status`; `description` and `example` replace the general ones when the route can say more. */
export function errorResponse(status: ErrorStatus, override: { description?: string; example?: unknown } = {}) {
  const { description, example } = { ...ERRORS[status], ...override };
  return jsonResponse(description, ref(ErrorBody), { example, headers: status === 503 ? RETRY_AFTER : {} });
}

/** `{status: errorResponse(status)}` for each status, and the 503 every route may answer while the database is away. */
export function errorResponses(...statuses: ErrorStatus[]) {
  return Object.fromEntries([...statuses, 503].map((status) => [status, errorResponse(status as ErrorStatus)]));
}

/** Refusals of a route with a JSON body: malformed JSON (400), over 1 MB (413), not JSON (415). */
export const jsonBodyErrors = {
  400: errorResponse(400, { description: 'Bad Request: the body is not valid JSON', example: { error: 'Bad Request', message: 'body is not valid JSON: Unexpected end of JSON input' } }),
  413: errorResponse(413),
  415: errorResponse(415),
};

/** 400/413/415 of the request APIs: `{"validation_errors": [...]}`. */
export function validationErrorResponse(status: 400 | 413 | 415, description: string, messages: string[]) {
  return jsonResponse(description, ref(ValidationErrors), { example: { validation_errors: messages } });
}

/** 429: the seed's plain-text body `Retry Later`, with Retry-After. */
export const RetryLater = {
  description: 'Too Many Requests: the per-key limit of this route is reached; the body is the plain text `Retry Later`. Retry after Retry-After seconds.',
  headers: { ...REQUEST_ID_HEADER, ...RETRY_AFTER, ...RATE_LIMIT_HEADERS },
  content: { 'text/plain': { schema: Type.Literal('Retry Later'), example: 'Retry Later' } },
};
