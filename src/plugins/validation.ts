import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { InvalidInputError } from '../lib/errors.ts';
import { inlineRefs } from './named-schemas.ts';

function createAjv(options: Options): Ajv {
  // verbose: an anyOf error carries its schema, whose branches name the alternatives (describeSchemaErrors).
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, verbose: true, ...options });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Bodies are validated as sent (no type coercion: "true" is not a boolean); query
 * strings, params and headers are coerced from text, as every HTTP client sends them.
 */
const bodies = createAjv({ coerceTypes: false });

/** A validator for JSON values checked outside a route's body schema (batch items): messages, empty when valid. */
export function compileBodyValidator(schema: object): (value: unknown) => string[] {
  const validate = compiledOnFirstUse(() => bodies.compile(inlineRefs(schema)));
  return (value) => (validate(value) ? [] : describeSchemaErrors(validate.errors ?? []));
}

/** A Fastify validator of a JSON body (a route's `validatorCompiler` when its documented body is not what it validates). */
export function compileBodySchema(schema: object) {
  return compiledOnFirstUse(() => bodies.compile(inlineRefs(schema)));
}

/**
 * An Ajv validator that compiles its schema when it is first called. Compiling every route's
 * schemas at start-up (with the response serializers, see lazy-serializers.ts) cost a good part
 * of the server's start and memory an idle server kept ("Start-up" in bench/README.md); a
 * route's first request pays for its own instead. Like an Ajv validator, it leaves the last
 * call's errors in `.errors` (where Fastify reads them).
 */
export function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let validate: ValidateFunction | undefined;
  const lazy = ((data: unknown) => {
    validate ??= compile();
    const valid = validate(data);
    lazy.errors = validate.errors;
    return valid;
  }) as ValidateFunction;
  return lazy;
}

export function registerValidators(app: FastifyInstance): void {
  const strings = createAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    compiledOnFirstUse(() => (httpPart === 'body' ? bodies : strings).compile(inlineRefs(schema as FastifySchema & object))),
  );
  // PostgreSQL text cannot hold NUL characters; no field needs them, so they are dropped on the way in.
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      if (!request.routeOptions.config.bodyAsText) request.body = screenBody(request.body);
    } catch (error) {
      return done(error as Error);
    }
    if (inspect(request.query, 0) & HAS_NUL) request.query = stripNul(request.query);
    if (inspect(request.params, 0) & HAS_NUL) request.params = stripNul(request.params);
    done();
  });
}

/** Deepest nesting of arrays and objects a body may have; the deepest real body (a scorecard) has 7. */
export const MAX_BODY_DEPTH = 32;

/** A parsed body refused when nested deeper than MAX_BODY_DEPTH (400), else returned without NUL characters. */
export function screenBody<T>(body: T): T {
  const found = inspect(body, 0);
  if (found & TOO_DEEP) throw new InvalidInputError(`body is nested more than ${MAX_BODY_DEPTH} levels deep`);
  return found & HAS_NUL ? stripNul(body) : body;
}

const TOO_DEEP = 1;
const HAS_NUL = 2;

/**
 * One walk over a parsed value at nesting `depth`: TOO_DEEP when arrays/objects nest MAX_BODY_DEPTH
 * levels or more (the walk stops there, so its own recursion stays shallow), HAS_NUL when a string
 * or key holds a NUL character.
 */
function inspect(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.includes('\u0000') ? HAS_NUL : 0;
  if (value === null || typeof value !== 'object') return 0;
  if (depth >= MAX_BODY_DEPTH) return TOO_DEEP;
  let found = 0;
  if (Array.isArray(value)) {
    for (const item of value) if ((found |= inspect(item, depth + 1)) & TOO_DEEP) return found;
    return found;
  }
  for (const key in value) {
    if (key.includes('\u0000')) found |= HAS_NUL;
    if ((found |= inspect((value as Record<string, unknown>)[key], depth + 1)) & TOO_DEEP) return found;
  }
  return found;
}

function stripNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map(stripNul) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripNul(key), stripNul(item)])) as T;
  }
  return value;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function fieldPath(instancePath: string, root: string): string {
  if (instancePath === '') return root;
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function join(path: string, child: string): string {
  return path === '' || path === 'body' ? child : `${path}.${child}`;
}

/** The fields of an anyOf whose every branch requires one (verbose errors carry the branches); empty for any other error. */
function requiredAlternatives(error: ErrorObject): string[] {
  const branches = error.keyword === 'anyOf' && Array.isArray(error.schema) ? (error.schema as { required?: unknown }[]) : [];
  if (branches.length === 0 || !branches.every((branch) => Array.isArray(branch.required))) return [];
  return branches.flatMap((branch) => branch.required as string[]);
}

/** One readable message per schema violation, naming the field path and the rule. */
export function describeSchemaErrors(errors: ErrorObject[], root = 'body'): string[] {
  // "a or b is required" (an anyOf of required fields) is one message, not one per branch.
  const alternatives = errors.filter((error) => requiredAlternatives(error).length > 0).map((error) => `${error.schemaPath}/`);
  const messages = errors.filter((error) => !alternatives.some((prefix) => error.schemaPath.startsWith(prefix))).map((error) => {
    const path = fieldPath(error.instancePath, root === 'body' ? '' : root);
    const field = path || root;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        return `${join(path, String(params.missingProperty))} is required`;
      case 'additionalProperties':
        return `${join(path, String(params.additionalProperty))} is not allowed`;
      case 'type': {
        const types = ([] as string[]).concat(params.type as string | string[]);
        return `${field} must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}`;
      }
      case 'format':
        return `${field} must be a valid ${params.format === 'email' ? 'email address' : String(params.format)}`;
      case 'maxItems':
        return `${field} must have at most ${String(params.limit)} items`;
      case 'enum':
        return `${field} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
      case 'anyOf': {
        const required = requiredAlternatives(error);
        return required.length > 0 ? `${required.map((name) => join(path, name)).join(' or ')} is required` : `${field} ${error.message ?? 'is invalid'}`;
      }
      default:
        return `${field} ${error.message ?? 'is invalid'}`;
    }
  });
  return [...new Set(messages)];
}
