import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createRequest, dataCompany } from './helpers/data-return.ts';
import { fuzzCompany } from './helpers/fuzz-fixtures.ts';
import type { Schema } from './helpers/fuzz-schema.ts';
import { describeRequest, operationsOf, requestFor, type FuzzRequest, type Operation } from './helpers/fuzz-operations.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/** 10,000 cases on CI (CI=true); FUZZ_CASES locally (default 1,000). A fifth go over real HTTP. */
const TOTAL = process.env.CI === 'true' ? 10_000 : Number(process.env.FUZZ_CASES ?? 1_000);
const OVER_HTTP = Math.round(TOTAL / 5);
/** FUZZ_SEED replays the run a failure report names. */
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };

const TOKEN = { name: 'token', in: 'path', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' } } as const;
const RATING = { type: 'integer', minimum: 1, maximum: 5 } as const;

/** Routes the OpenAPI document leaves out (the survey and invite pages, /metrics, itself) and a route that does not exist. */
const HIDDEN: Operation[] = [
  { method: 'GET', path: '/s/{token}', params: [TOKEN, { name: 'saved', in: 'query', schema: { type: 'string', maxLength: 8 } }, { name: 'rating', in: 'query', schema: RATING }], body: null, auth: 'none', form: true },
  { method: 'GET', path: '/s/{token}/rate/{rating}', params: [TOKEN, { name: 'rating', in: 'path', schema: RATING }], body: null, auth: 'none', form: true },
  { method: 'POST', path: '/s/{token}', params: [TOKEN], body: { type: 'object' }, auth: 'none', form: true },
  { method: 'GET', path: '/s/{token}/unsubscribe', params: [TOKEN], body: null, auth: 'none', form: true },
  { method: 'POST', path: '/s/{token}/unsubscribe', params: [TOKEN], body: { type: 'object' }, auth: 'none', form: true },
  { method: 'GET', path: '/invite/{token}', params: [], body: null, auth: 'none', form: true },
  { method: 'POST', path: '/invite/{token}', params: [], body: { type: 'object', properties: { password: { type: 'string' }, password_confirmation: { type: 'string' } } }, auth: 'none', form: true },
  { method: 'GET', path: '/metrics', params: [], body: null, auth: 'none', form: false },
  { method: 'GET', path: '/openapi.json', params: [], body: null, auth: 'none', form: false },
  { method: 'GET', path: '/v2/nowhere/{id}', params: [], body: null, auth: 'jwt', form: false },
];
/** The fields of the survey form (the schema only says "short strings"), so posts get past the CSRF check. */
const SURVEY_FORM: Schema = {
  type: 'object',
  required: ['csrf'],
  properties: Object.fromEntries(
    ['csrf', 'rating', 'nps', 'fcr', 'areas_of_excellence', 'areas_of_improvement', 'rewards', 'List-Unsubscribe']
      .flatMap((name) => [name, `comment_${name}`, `shown_${name}`])
      .map((name) => [name, { anyOf: [{ type: 'string', maxLength: 4000 }, { type: 'array', items: { type: 'string' } }] }]),
  ),
};

function withSurveyForm(op: Operation): Operation {
  return op.method === 'POST' && op.path.startsWith('/s/') ? { ...op, body: SURVEY_FORM } : op;
}

/** Pages for people (survey, invite) answer problems as HTML pages naming them. */
const isPage = (url: string) => /^\/(s|invite)\//.test(url);

let ctx: TestContext;
let fuzzed: Awaited<ReturnType<typeof fuzzCompany>>;
let witness: Awaited<ReturnType<typeof dataCompany>>;
let witnessData: unknown[];
let operations: Operation[];
let baseUrl: string;

async function feed(company: CompanyCredentials): Promise<{ uuid: string }[]> {
  const response = await ctx.as(company).get('/v2/data?after=0&limit=1000');
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

before(async () => {
  ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '1000000' });
  fuzzed = await fuzzCompany(ctx);
  // A second company the fuzzer never gets credentials for: its data must come out unchanged.
  witness = await dataCompany(ctx);
  for (let i = 0; i < 3; i++) await createRequest(ctx, witness.company, witness.employee, { brand: 'blancakids', ext_interaction_id: `w${i}` });
  witnessData = await feed(witness.company);
  operations = operationsOf((await ctx.app.inject('/openapi.json')).json(), HIDDEN).map(withSurveyForm);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});
after(() => ctx.close());

/** Zero 5xx; 429 is `Retry Later` (but for the sign-in throttle's message); any other 4xx names the problem (JSON, or an HTML page for people). */
function assertAnswer(request: FuzzRequest, status: number, contentType: string, body: string): void {
  const where = () => `${describeRequest(request)}\n→ ${status} ${contentType} ${body.slice(0, 600)}`;
  assert.ok(status < 500, where());
  if (status === 429 && request.url.split('?')[0] !== '/app/api/session') {
    assert.equal(body, 'Retry Later', where());
    assert.match(contentType, /^text\/plain/, where());
    return;
  }
  if (status < 400) return;
  if (contentType.startsWith('text/html')) {
    assert.ok(isPage(request.url), `an HTML error outside the pages: ${where()}`);
    assert.match(body, /<(h1|p)[^>]*>[^<]{6,}</, where());
    return;
  }
  assert.match(contentType, /^application\/json/, where());
  const json = JSON.parse(body);
  const messages: unknown[] = Array.isArray(json.validation_errors) ? json.validation_errors : [json.message];
  assert.ok(messages.length > 0 && messages.every((m) => typeof m === 'string' && m.trim().length > 3), `no message naming the problem: ${where()}`);
}

/** Statuses seen per operation, reported as a diagnostic (how deep the fuzzing got). */
const seen = new Map<string, Map<number, number>>();
function record(op: Operation, status: number) {
  const key = `${op.method} ${op.path}`;
  const counts = seen.get(key) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  seen.set(key, counts);
}

const anyRequest = () => fc.constantFrom(...operations).chain((op) => requestFor(op, fuzzed.known, fuzzed.credentials).map((request) => ({ op, request })));

function overHttp(request: FuzzRequest): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    // A body always goes with its length: a GET's body without one would be read as the next request.
    const length = request.payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.payload)) };
    const req = http.request(baseUrl, { method: request.method, path: request.url, headers: { ...request.headers, ...length }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.payload);
  });
}

/**
 * Over real HTTP a GET's large body is left out: a GET route answers without reading its
 * body, and closing a socket with unread data resets the connection before the client
 * reads the answer (app.inject still sends them).
 */
function forHttp(request: FuzzRequest): FuzzRequest {
  const big = request.payload !== undefined && Buffer.byteLength(request.payload) > 16 * 1024;
  return request.method === 'GET' && big ? { ...request, payload: undefined } : request;
}

describe(`fuzzing every endpoint (${TOTAL} cases)`, () => {
  it('derives operations from the OpenAPI document', () => {
    assert.ok(operations.length > 40, `${operations.length} operations`);
    for (const key of ['POST /v1/requests', 'GET /v2/data', 'PUT /v2/employees/{id}', 'POST /s/{token}', 'PUT /v2/qa/{uuid}']) {
      assert.ok(operations.some((op) => `${op.method} ${op.path}` === key), key);
    }
  });

  it(`answers ${TOTAL - OVER_HTTP} generated requests (app.inject) with no 5xx and a named problem for every 4xx`, async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest(), async ({ op, request }) => {
        const response = await ctx.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload });
        record(op, response.statusCode);
        assertAnswer(request, response.statusCode, String(response.headers['content-type'] ?? ''), response.body);
      }),
      { numRuns: TOTAL - OVER_HTTP, includeErrorInReport: true, ...SEED },
    );
  });

  it(`answers ${OVER_HTTP} generated requests over real HTTP (raw paths, bytes) the same way`, async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest(), async ({ op, request }) => {
        const response = await overHttp(forHttp(request));
        record(op, response.status);
        assertAnswer(request, response.status, response.contentType, response.body);
      }),
      { numRuns: OVER_HTTP, includeErrorInReport: true, ...SEED },
    );
  });

  it('reached the services: some of every kind of answer', (t) => {
    const totals = new Map<number, number>();
    for (const [key, counts] of [...seen].sort()) {
      t.diagnostic(`${key}: ${[...counts].sort().map(([status, n]) => `${status}×${n}`).join(' ')}`);
      for (const [status, n] of counts) totals.set(Math.floor(status / 100), (totals.get(Math.floor(status / 100)) ?? 0) + n);
    }
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    assert.equal(all, TOTAL);
    assert.ok((totals.get(2) ?? 0) > all * 0.05, `2xx: ${totals.get(2)} of ${all}`);
    assert.ok((totals.get(4) ?? 0) > all * 0.5, `4xx: ${totals.get(4)} of ${all}`);
  });

  it('is healthy afterwards: health, readiness, a new request, prior data intact, no prototype pollution', async () => {
    assert.equal((await ctx.app.inject('/healthz')).statusCode, 200);
    assert.equal((await ctx.app.inject('/readyz')).statusCode, 200);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const id = await createRequest(ctx, witness.company, witness.employee, { brand: 'blancakids' });
    const data = await feed(witness.company);
    assert.deepEqual(data.slice(0, witnessData.length), witnessData);
    assert.equal(data.at(-1)?.uuid, id);
    const fuzzedIds = new Set((await feed(fuzzed.company)).map((row) => row.uuid));
    for (const requestId of fuzzed.requestIds) assert.ok(fuzzedIds.has(requestId), requestId);
    const health = await overHttp({ method: 'GET', url: '/readyz', headers: {} });
    assert.equal(health.status, 200);
  });
});
