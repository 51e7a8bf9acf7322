import secureJson from 'secure-json-parse';
import { RequestValidationError } from '../../lib/errors.ts';
import { EMPTY_JSON_BODY, invalidJsonBody } from '../../plugins/errors.ts';
import { screenBody } from '../../plugins/validation.ts';

/** A body as received; the schema errors (if any) come with it. */
export type Body = Record<string, unknown>;

export interface ReadBody {
  body: Body;
  schemaErrors: string[];
}

/** Fastify's own parser's reason, so both ways of reading a body answer alike. */
const NOT_JSON = invalidJsonBody("Body is not valid JSON but content-type is set to 'application/json'");
const NOT_OBJECT = 'body must be a JSON object';

/**
 * Reads a JSON body sent as text exactly as a route with a body schema would: parsed with
 * prototype poisoning refused, screened for depth and NUL characters, and checked against the
 * schema (`validate`, which also fills defaults). Not an object (or no body at all, undefined):
 * refused with that reason alone.
 */
export function readJsonBody(text: string | undefined, validate: (value: unknown) => string[]): ReadBody {
  if (text === undefined) throw new RequestValidationError([NOT_OBJECT]);
  if (text.length === 0) throw new RequestValidationError([EMPTY_JSON_BODY]);
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new RequestValidationError([NOT_JSON]);
  }
  const body = screenBody(parsed);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestValidationError([NOT_OBJECT]);
  return { body: body as Body, schemaErrors: validate(body) };
}
