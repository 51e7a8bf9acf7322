import fc from 'fast-check';
import { arbitraryFor, type Known, type Schema } from './fuzz-schema.ts';
import { hostileBody, jsonText, OVERSIZED_BODY, ODD_STRINGS, TRAVERSAL_SEGMENTS } from './fuzz-values.ts';

/** One route as the OpenAPI document describes it. */
export interface Operation {
  method: string;
  /** OpenAPI path template: `/v2/qa/{uuid}`. */
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; schema: Schema }[];
  body: Schema | null;
  /** 'none', 'key' (x-api-key) or 'jwt' (x-api-key and a JWT). */
  auth: 'none' | 'key' | 'jwt';
  /** Form posts of HTML pages (survey, invite) rather than JSON. */
  form: boolean;
}

interface OpenApiDocument {
  components?: { schemas?: Record<string, Schema> };
  paths: Record<string, Record<string, {
    parameters?: { name: string; in: string; schema: Schema }[];
    requestBody?: { content: Record<string, { schema: Schema }> };
    security?: Record<string, string[]>[];
  }>>;
}

const COMPONENT = '#/components/schemas/';

/** `schema` with every reference to components/schemas replaced by the schema it names. */
function inlined<T>(schema: T, components: Record<string, Schema>): T {
  if (Array.isArray(schema)) return schema.map((item) => inlined(item, components)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const { $ref } = schema as { $ref?: string };
  if ($ref?.startsWith(COMPONENT)) return inlined(components[$ref.slice(COMPONENT.length)], components) as T;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inlined(value, components)])) as T;
}

/** Every operation of the document (so a new route is fuzzed without touching the suite), plus hidden ones. */
export function operationsOf(document: OpenApiDocument, hidden: Operation[] = []): Operation[] {
  const doc = inlined(document, document.components?.schemas ?? {});
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const schemes = new Set((op.security ?? []).flatMap((s) => Object.keys(s)));
      operations.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p): p is Operation['params'][number] => ['path', 'query', 'header'].includes(p.in)),
        body: op.requestBody?.content['application/json']?.schema ?? null,
        auth: schemes.has('jwt') ? 'jwt' : schemes.has('apiKey') ? 'key' : 'none',
        form: path.startsWith('/s/') || path.startsWith('/invite/'),
      });
    }
  }
  return [...operations, ...hidden];
}

export interface Credentials {
  apiKey: string;
  testApiKey: string;
  jwt: string;
  /** The double-submit CSRF value of the survey forms (cookie `ac_csrf` and field `csrf`). */
  csrf: string;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** A printable header value that is not a credential. */
const junkHeader = fc.oneof(fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }), fc.constantFrom('Bearer ', 'Bearer null', 'eyJhbGciOiJub25lIn0.e30.', 'null', 'undefined'));

function credentialsFor(op: Operation, creds: Credentials): fc.Arbitrary<Record<string, string>> {
  const valid = { 'x-api-key': creds.apiKey, authorization: op.auth === 'jwt' ? creds.jwt : `Bearer ${creds.jwt}`, ...(op.form ? { cookie: `ac_csrf=${creds.csrf}` } : {}) };
  return fc.oneof(
    { arbitrary: fc.constant(valid), weight: 12 },
    { arbitrary: fc.constant({ 'x-api-key': creds.testApiKey, authorization: creds.jwt }), weight: 1 },
    { arbitrary: fc.constant({}), weight: 1 },
    { arbitrary: fc.record({ 'x-api-key': fc.oneof(junkHeader, fc.constant(creds.apiKey)), authorization: fc.oneof(junkHeader, fc.constant(creds.jwt.slice(0, -2))) }), weight: 1 },
  );
}

/** A path segment: a known id, a value of the parameter's schema, odd text, or a traversal attempt (raw). */
function segmentFor(param: Operation['params'][number], known: Known): fc.Arbitrary<string> {
  const values = known[param.name] ?? [];
  return fc.oneof(
    { arbitrary: values.length ? fc.constantFrom(...values).map((v) => encodeURIComponent(String(v))) : fc.constant('1'), weight: 5 },
    { arbitrary: arbitraryFor(param.schema, 'mixed').map((v) => encodeURIComponent(typeof v === 'string' ? v.replace(/[\ud800-\udfff]/g, '?') : jsonText(v)).slice(0, 3000)), weight: 3 },
    { arbitrary: fc.constantFrom(...ODD_STRINGS).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?')) || '%20'), weight: 1 },
    { arbitrary: fc.constantFrom(...TRAVERSAL_SEGMENTS), weight: 2 },
  );
}

/** A query value as text: schema values as clients write them, or something worse. */
function queryValueFor(schema: Schema, known: readonly unknown[] | undefined): fc.Arbitrary<string | string[]> {
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : jsonText(v));
  const one = fc.oneof(
    { arbitrary: known?.length ? fc.constantFrom(...known).map(text) : arbitraryFor(schema, 'valid').map(text), weight: 4 },
    { arbitrary: arbitraryFor(schema, 'mixed').map(text), weight: 4 },
    { arbitrary: fc.constantFrom('', '-1', '1e999', '99999999999999999999999', 'NaN', 'true', '0x10', '1.5', '[]', '\u0000'), weight: 2 },
  );
  return fc.oneof({ arbitrary: one, weight: 9 }, { arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }), weight: 1 });
}

function queryFor(op: Operation, known: Known): fc.Arbitrary<string> {
  const model: Record<string, fc.Arbitrary<string | string[]>> = {};
  for (const p of op.params.filter((p) => p.in === 'query')) model[p.name] = queryValueFor(p.schema, known[p.name]);
  const extra = fc.oneof(
    { arbitrary: fc.constant(''), weight: 8 },
    fc.constantFrom('&%zz=1', '&a[b]=c&a=d', '&limit', '&=&&=', '&after=%ff%fe', '&__proto__[x]=1', '&' + 'q='.padEnd(5000, 'x')),
  );
  const validModel: Record<string, fc.Arbitrary<string>> = {};
  for (const p of op.params.filter((p) => p.in === 'query')) validModel[p.name] = known[p.name]?.length ? fc.constantFrom(...known[p.name]).map(String) : arbitraryFor(p.schema, 'valid').map(String);
  const valid = fc.tuple(fc.record(validModel, { requiredKeys: [] }), fc.constant(''));
  const mixed = fc.tuple(fc.record(model, { requiredKeys: [] }), extra);
  return fc.oneof(valid, mixed).map(([values, tail]) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) for (const v of ([] as string[]).concat(value ?? [])) search.append(name, v.replace(/[\ud800-\udfff]/g, '?'));
    const text = search.toString() + tail;
    return text ? `?${text.replace(/^&/, '')}` : '';
  });
}

function formText(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return jsonText(value);
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(value)) for (const item of ([] as unknown[]).concat(v)) search.append(k, typeof item === 'string' ? item.replace(/[\ud800-\udfff]/g, '?') : jsonText(item));
  return search.toString();
}

const OTHER_TYPES = ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'APPLICATION/JSON'];


type Body = { contentType?: string; payload?: string | Buffer };

function bodyFor(op: Operation, known: Known): fc.Arbitrary<Body> {
  const schema = op.body ?? { type: 'object' };
  const json = (contentType: string) => (value: unknown): Body => ({ contentType, payload: jsonText(value) });
  const generated: fc.Arbitrary<Body>[] = [
    arbitraryFor(schema, 'valid', known).map(json('application/json')),
    arbitraryFor(schema, 'mixed', known).map(json('application/json')),
    arbitraryFor(schema, 'mixed', known).map(json('application/json')),
  ];
  const odd = fc.oneof(
    { arbitrary: hostileBody.map(json('application/json')), weight: 3 },
    { arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes): Body => ({ contentType: 'application/json', payload: Buffer.from(bytes) })), weight: 1 },
    { arbitrary: fc.constantFrom<Body>({ contentType: 'application/json', payload: '' }, { contentType: 'application/json', payload: OVERSIZED_BODY }, { payload: '{}' }), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom(...OTHER_TYPES), arbitraryFor(schema, 'valid', known)).map(([contentType, v]): Body => ({ contentType, payload: jsonText(v) })), weight: 1 },
  );
  if (op.form) generated.push(arbitraryFor(schema, 'mixed', known).map((v): Body => ({ contentType: 'application/x-www-form-urlencoded', payload: formText(v) })));
  const noBody = op.body === null && (op.method === 'GET' || op.params.length > 0);
  return noBody ? fc.oneof({ arbitrary: fc.constant({}), weight: 8 }, odd) : fc.oneof({ arbitrary: fc.oneof(...generated), weight: 6 }, odd);
}

/** Requests to one operation: schema-derived path, query, headers and body, valid or hostile. */
export function requestFor(op: Operation, known: Known, creds: Credentials): fc.Arbitrary<FuzzRequest> {
  const segments = op.path.match(/\{[^}]+\}/g) ?? [];
  const pathArbs = segments.map((s) => segmentFor(op.params.find((p) => p.in === 'path' && `{${p.name}}` === s) ?? { name: s.slice(1, -1), in: 'path', schema: { type: 'string' } }, known));
  const headerParams = op.params.filter((p) => p.in === 'header');
  const extraHeaders = fc.record(Object.fromEntries(headerParams.map((p) => [p.name, junkHeader])), { requiredKeys: [] });
  return fc.tuple(fc.tuple(...pathArbs), queryFor(op, known), credentialsFor(op, creds), extraHeaders, bodyFor(op, known)).map(([values, query, auth, headers, body]) => {
    let i = 0;
    const path = op.path.replace(/\{[^}]+\}/g, () => values[i++] as string);
    const all = { ...auth, ...headers } as Record<string, string>;
    if (body.contentType) all['content-type'] = body.contentType;
    const request: FuzzRequest = { method: op.method, url: path + query, headers: all, ...(body.payload === undefined ? {} : { payload: body.payload }) };
    return Object.defineProperty(request, fc.toStringMethod, { value: () => describeRequest(request) });
  });
}

/** A short account of a request for failure reports: no credentials, long bodies cut. */
export function describeRequest(request: FuzzRequest): string {
  const { 'x-api-key': key, authorization: jwt, ...headers } = request.headers;
  const auth = `key:${key ? key.slice(0, 8) : '-'} jwt:${jwt ? 'yes' : '-'}`;
  const payload = request.payload === undefined ? '' : Buffer.isBuffer(request.payload) ? `<bytes ${request.payload.toString('hex').slice(0, 200)}>` : request.payload.slice(0, 600);
  return `${request.method} ${request.url.slice(0, 300)} ${auth} ${JSON.stringify(headers)} ${payload}`;
}
