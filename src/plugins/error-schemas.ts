import { Type } from '@sinclair/typebox';

/**
 * Response shapes every module shares: the JSON error body of plugins/errors.ts, the
 * request APIs' validation_errors, the seed's plain-text 429, and the survey's HTML pages.
 */

/** Any refused request outside the request APIs; `errors` lists each problem when there are several (422, schema failures). */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'The HTTP reason phrase, e.g. Not Found' }),
    message: Type.String({ description: 'What was wrong, naming the field or parameter' }),
    errors: Type.Optional(Type.Array(Type.String(), { description: 'One message per problem' })),
  },
  { additionalProperties: false, description: 'Why the request was refused', examples: [{ error: 'Unprocessable Entity', message: 'email is required', errors: ['email is required'] }] },
);

/** 400 (and 413/415) of POST /v1/requests, /v1/recoveries and /v1/requests/batch. */
export const ValidationErrors = Type.Object(
  { validation_errors: Type.Array(Type.String()) },
  { additionalProperties: false, examples: [{ validation_errors: ['customer.email is required'] }] },
);

/** 429: the seed's plain-text body `Retry Later`, with Retry-After. */
export const RetryLater = {
  description: 'Rate limit exceeded: the plain text `Retry Later`; see Retry-After.',
  content: { 'text/plain': { schema: Type.Literal('Retry Later') } },
};

/** A server-rendered page of the customer survey. */
export const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });

/** A 303 redirect to the page named by Location; no body. */
export const Redirect = Type.Null({ description: 'See Other: the page to show next is in Location' });

/** `{status: ErrorBody}` for each status. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as Record<S, typeof ErrorBody>;
}

/** Refusals of a route with a JSON body: malformed JSON (400), over 1 MB (413), not JSON (415). */
export const jsonBodyErrors = errorResponses(400, 413, 415);
