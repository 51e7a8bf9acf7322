import { isDeepStrictEqual } from 'node:util';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.ts';

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
}

const COMPONENT = '#/components/schemas/';

/** A schema with each `#/components/schemas/X` reference turned into `X`, the id the component is added to Ajv under. */
function componentRefsAsIds<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(componentRefsAsIds) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT) ? value.slice(COMPONENT.length) : componentRefsAsIds(value)]),
  ) as T;
}

const DROPPED_HEADER = 'x-test-dropped-by-serializer';

/** Paths present in `expected` (what a handler returned) but not in `actual` (what went out). */
function dropped(expected: unknown, actual: unknown, path = '$'): string[] {
  if (expected === null || typeof expected !== 'object') return isDeepStrictEqual(expected, actual) ? [] : [path];
  if (actual === null || typeof actual !== 'object') return [path];
  return Object.entries(expected).flatMap(([key, value]) =>
    value === undefined ? [] : key in actual ? dropped(value, (actual as Record<string, unknown>)[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

/**
 * Adds hooks to an app (before ready) that compare what each handler returned with what the
 * response schema's serializer sent: a field the schema misses is dropped silently, so every
 * response names the dropped paths in a header that `check` refuses.
 */
export function watchSerializer(app: App): void {
  const returned = new WeakMap<object, string>();
  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (payload !== null && typeof payload === 'object') returned.set(request, JSON.stringify(payload));
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const before = returned.get(request);
    if (before !== undefined && typeof payload === 'string') {
      const lost = dropped(JSON.parse(before), JSON.parse(payload));
      if (lost.length > 0) reply.header(DROPPED_HEADER, lost.slice(0, 5).join(', '));
    }
    return payload;
  });
}

/**
 * Checks real responses against the app's OpenAPI document: the operation must exist, the
 * status must be one of its responses, and the body must be of a documented media type and
 * valid against its schema (JSON Schema 2020-12, as OpenAPI 3.1 uses). Remembers which
 * operations answered with a success and with an error.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly outcomes = new Map<string, Set<'success' | 'error'>>();
  readonly problems: string[] = [];

  constructor(
    readonly doc: OpenApiDocument,
    private readonly app: App,
  ) {
    addFormats.default(this.ajv);
    // OpenAPI 3.1 schema keywords that are annotations for validation.
    this.ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) this.ajv.addSchema(componentRefsAsIds(schema), name);
    for (const key of this.operations()) this.outcomes.set(key, new Set());
  }

  /** `METHOD /path/{param}` of every documented operation. */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  }

  /** The documented operation a request reaches; literal path segments win over parameters. */
  operationOf(method: string, url: string): string | undefined {
    const segments = url.split('?')[0].split('/');
    const candidates = Object.keys(this.doc.paths).filter((path) => {
      const parts = path.split('/');
      return this.doc.paths[path][method.toLowerCase()] && parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
    });
    const params = (path: string) => path.split('/').filter((p) => p.startsWith('{')).length;
    const best = candidates.sort((a, b) => params(a) - params(b))[0];
    return best && `${method.toUpperCase()} ${best}`;
  }

  /** Sends a request through app.inject and checks its response. */
  async call(options: InjectOptions & { method: string; url: string }): Promise<LightMyRequestResponse> {
    const response = await this.app.inject(options);
    this.check(options.method, options.url, response);
    return response;
  }

  check(method: string, url: string, response: LightMyRequestResponse): void {
    const operation = this.operationOf(method, url);
    const where = `${method} ${url} → ${response.statusCode}`;
    if (!operation) return void this.problems.push(`${where}: no documented operation`);
    const [, path] = operation.split(' ');
    const documented = this.doc.paths[path][method.toLowerCase()].responses[String(response.statusCode)];
    if (!documented) return void this.problems.push(`${where}: status not documented for ${operation}`);
    this.outcomes.get(operation)!.add(response.statusCode < 400 ? 'success' : 'error');
    const lost = response.headers[DROPPED_HEADER];
    if (lost) this.problems.push(`${where}: the response schema dropped ${lost}`);
    const mediaType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
    if (response.body === '') {
      if (documented.content) this.problems.push(`${where}: empty body, but the document describes ${Object.keys(documented.content).join(', ')}`);
      return;
    }
    const content = documented.content?.[mediaType];
    if (!content?.schema) return void this.problems.push(`${where}: ${mediaType || 'no content type'} is not a documented media type`);
    const body = mediaType.endsWith('json') ? JSON.parse(response.body) : response.body;
    const key = `${operation} ${response.statusCode} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) this.validators.set(key, (validate = this.ajv.compile(componentRefsAsIds(content.schema as object))));
    if (!validate(body)) this.problems.push(`${where}: body does not match the document: ${this.ajv.errorsText(validate.errors)}`);
  }

  /** Operations not yet seen answering with a success, or with a client error when they document one. */
  uncovered(): string[] {
    return [...this.outcomes].flatMap(([operation, seen]) => {
      const [method, path] = operation.split(' ');
      const statuses = Object.keys(this.doc.paths[path][method.toLowerCase()].responses).map(Number);
      const missing = [];
      if (!seen.has('success')) missing.push(`${operation}: no success`);
      if (statuses.some((s) => s >= 400 && s < 500) && !seen.has('error')) missing.push(`${operation}: no error`);
      return missing;
    });
  }
}
