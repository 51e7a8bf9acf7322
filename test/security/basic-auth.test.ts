import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { createEmployee, seedRequestBody } from '../helpers/factories.ts';
import { documentedOperations } from '../helpers/routes.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';

let ctx: SecurityContext;
let a: CompanyCredentials;
let b: CompanyCredentials;
let body: Record<string, unknown>;
let bodyForB: Record<string, unknown>;

before(async () => {
  ctx = await createSecurityContext();
  a = await ctx.company();
  b = await ctx.company();
  const employee = await createEmployee(ctx.services, a.id);
  const employeeOfB = await createEmployee(ctx.services, b.id);
  body = seedRequestBody({ email: employee.email, custom_id: null }, { brand: undefined });
  bodyForB = seedRequestBody({ email: employeeOfB.email, custom_id: null }, { brand: undefined });
});
after(() => ctx.closeAndCheckLogs());

/** `Authorization: Basic base64(user:password)`, remembered as a secret (its base64 form hides the key from a plain search). */
function basic(user: string, password: string, scheme = 'Basic'): string {
  const encoded = Buffer.from(`${user}:${password}`).toString('base64');
  if (password) ctx.remember('Basic credential', encoded, `${user}:${password}`);
  return `${scheme} ${encoded}`;
}

function post(url: string, headers: Record<string, string>, payload: unknown): Promise<LightMyRequestResponse> {
  return ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
}

/** The three ingestion calls, each with a body valid for `company`'s employee. */
async function ingest(headers: Record<string, string>, requestBody = body) {
  const created = await post('/v1/requests', headers, requestBody);
  const recovery = created.statusCode === 200 ? { initial_feedback_request_id: created.json().request_id, do_not_send: true } : { initial_feedback_request_id: '00000000-0000-4000-8000-000000000000' };
  const recovered = await post('/v1/recoveries', headers, recovery);
  const batch = await post('/v1/requests/batch', headers, { requests: [requestBody] });
  return { created, recovered, batch };
}

async function stored(requestId: string) {
  const row = await ctx.db.kysely.selectFrom('interactions').select(['company_id', 'is_test']).where('uuid', '=', requestId).executeTakeFirstOrThrow();
  return { companyId: Number(row.company_id), isTest: Number(row.is_test) };
}

async function interactionCount(): Promise<number> {
  const row = await ctx.db.kysely.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('HTTP Basic authentication on ingestion (username connect, password the API key)', () => {
  it('accepts the production and the test key on POST /v1/requests, /v1/recoveries and /v1/requests/batch', async () => {
    for (const [key, isTest] of [[a.api_key, 0], [a.test_api_key, 1]] as const) {
      for (const scheme of ['Basic', 'basic', 'BASIC']) {
        const { created, recovered, batch } = await ingest({ authorization: basic('connect', key, scheme) });
        for (const [what, response] of [['request', created], ['recovery', recovered], ['batch', batch]] as const) {
          assert.equal(response.statusCode, 200, `${what} (${scheme}, test=${isTest}): ${response.body}`);
        }
        const ids = [created.json().request_id, recovered.json().request_id, batch.json().results[0].request_id];
        for (const id of ids) assert.deepEqual(await stored(id), { companyId: a.id, isTest }, `${id} belongs to A, is_test=${isTest}`);
      }
    }
  });

  it('refuses a bad Basic credential with 403 naming what is wrong, before storing anything', async () => {
    const before = await interactionCount();
    const cases: [string, string, RegExp][] = [
      ['wrong username', basic('admin', a.api_key), /username must be "connect"/],
      ['username in another case', basic('Connect', a.api_key), /username must be "connect"/],
      ['the key as username', `Basic ${Buffer.from(`${a.api_key}:`).toString('base64')}`, /username must be "connect"/],
      ['no colon', `Basic ${Buffer.from(a.api_key).toString('base64')}`, /username must be "connect"/],
      ['empty password', basic('connect', ''), /password must be the API key/],
      ['not base64', 'Basic !!not-base64!!', /must be base64 of connect:<API key>/],
      ['base64 cut short', `Basic ${Buffer.from(`connect:${a.api_key}`).toString('base64').slice(0, -1)}`, /must be base64/],
      ['not UTF-8', `Basic ${Buffer.from([0x63, 0x3a, 0xff, 0xfe, 0xfd]).toString('base64')}`, /must be base64/],
      ['nothing after Basic', 'Basic', /must be base64/],
      ['unknown key', basic('connect', `${a.api_key}x`), /API key in the Basic credential is not valid/],
      ['the API secret as password', basic('connect', a.api_secret), /API key in the Basic credential is not valid/],
      ['a JWT instead of Basic', `Bearer ${await ctx.jwt(a)}`, /x-api-key header \(or Authorization: Basic with username connect/],
      ['no credential at all', '', /x-api-key header \(or Authorization: Basic/],
    ];
    for (const [what, authorization, message] of cases) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const { created, recovered, batch } = await ingest(headers);
      for (const [route, response] of [['requests', created], ['recoveries', recovered], ['batch', batch]] as const) {
        assert.equal(response.statusCode, 403, `${what} on ${route}: ${response.body}`);
        assert.equal(response.json().error, 'Forbidden');
        assert.match(response.json().message, message, `${what} on ${route}`);
        for (const secret of ctx.secrets.keys()) assert.ok(!response.body.includes(secret), `${what}: the refusal reveals a secret`);
      }
    }
    assert.equal(await interactionCount(), before, 'nothing stored');
  });

  it('when both are sent, x-api-key wins and the Authorization header is ignored', async () => {
    const bothAgree = await post('/v1/requests', { 'x-api-key': a.api_key, authorization: basic('connect', a.api_key) }, body);
    assert.equal(bothAgree.statusCode, 200, bothAgree.body);
    const other = await post('/v1/requests', { 'x-api-key': b.api_key, authorization: basic('connect', a.api_key) }, bodyForB);
    assert.equal(other.statusCode, 200, other.body);
    assert.equal((await stored(other.json().request_id)).companyId, b.id, "stored for x-api-key's company");
    const garbage = await post('/v1/requests', { 'x-api-key': a.api_key, authorization: 'Basic !!' }, body);
    assert.equal(garbage.statusCode, 200, 'an unrelated Authorization header does not matter, as before');
    const badKey = await post('/v1/requests', { 'x-api-key': `${a.api_key}x`, authorization: basic('connect', a.api_key) }, body);
    assert.equal(badKey.statusCode, 403);
    assert.match(badKey.json().message, /the x-api-key is not valid/);
  });

  it('is not a way around the JWT: other routes still want x-api-key and a JWT', async () => {
    for (const [method, url] of [['GET', '/v2/data'], ['GET', '/v2/employees'], ['GET', '/v1/data/requests']] as const) {
      const response = await ctx.app.inject({ method, url, headers: { authorization: basic('connect', a.api_key) } });
      assert.equal(response.statusCode, 403, `${method} ${url}`);
    }
  });

  it('works for a real client that puts the credential in the URL (node:http auth option)', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const send = (auth: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/requests', auth, headers: { 'content-type': 'application/json' } }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        request.on('error', reject).end(JSON.stringify(body));
      });
    ctx.remember('Basic credential', Buffer.from(`connect:${a.api_key}`).toString('base64'));
    const accepted = await send(`connect:${a.api_key}`);
    assert.equal(accepted.status, 200, accepted.body);
    assert.equal((await stored(JSON.parse(accepted.body).request_id)).companyId, a.id);
    assert.equal((await send(`connect:${b.api_key}x`)).status, 403);
  });

  it('is declared in the OpenAPI document for exactly these three operations', async () => {
    const doc = (await ctx.app.inject('/openapi.json')).json();
    assert.deepEqual({ type: doc.components.securitySchemes.basic.type, scheme: doc.components.securitySchemes.basic.scheme }, { type: 'http', scheme: 'basic' });
    assert.match(doc.components.securitySchemes.basic.description, /connect/);
    const withBasic = (await documentedOperations(ctx.app)).filter((operation) => operation.security.includes('basic'));
    assert.deepEqual(withBasic.map((operation) => `${operation.method} ${operation.path}`).sort(), ['POST /v1/recoveries', 'POST /v1/requests', 'POST /v1/requests/batch']);
    for (const path of ['/v1/requests', '/v1/recoveries', '/v1/requests/batch']) {
      assert.deepEqual(doc.paths[path].post.security, [{ apiKey: [] }, { basic: [] }], `${path}: x-api-key or Basic, either one`);
    }
  });
});
