import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { TEST_KEY_REFUSAL, testKeyAccess } from '../../src/modules/companies/test-key-policy.ts';
import { signJwt } from '../helpers/jwt.ts';
import { documentedOperations, jwtOperations, routeRecorder, type Operation } from '../helpers/routes.ts';
import { createSecurityContext, handmadeJwt, type SecurityContext } from '../helpers/security.ts';

const recorder = routeRecorder();
let ctx: SecurityContext;
let operations: Operation[];
before(async () => {
  ctx = await createSecurityContext({ JWT_MAX_AGE: '3600' }, { onRoute: recorder.onRoute });
  operations = await jwtOperations(ctx.app);
});
after(() => ctx.closeAndCheckLogs());

const now = () => Math.floor(Date.now() / 1000);

function send(operation: Operation, headers: Record<string, string>): Promise<LightMyRequestResponse> {
  const body = operation.method === 'GET' ? undefined : '{}';
  return ctx.app.inject({ method: operation.method, url: operation.url, headers: body ? { ...headers, 'content-type': 'application/json' } : headers, payload: body });
}

function assertRefused(response: LightMyRequestResponse, what: string) {
  assert.equal(response.statusCode, 403, `${what}: ${response.body}`);
  assert.match(String(response.headers['content-type']), /^application\/json/, what);
  const body = response.json();
  assert.equal(body.error, 'Forbidden', what);
  assert.equal(typeof body.message, 'string', what);
  for (const secret of ctx.secrets.keys()) assert.ok(!response.body.includes(secret), `${what}: a refusal must not reveal a secret`);
}

/** Every forged, mis-signed or out-of-window token an attacker holding company A's key could try. */
async function attacks(a: CompanyCredentials, b: CompanyCredentials): Promise<Record<string, string | undefined>> {
  const secret = new TextEncoder().encode(a.api_secret);
  const { privateKey } = await generateKeyPair('RS256');
  const [header, payload] = (await signJwt(a.api_secret)).split('.');
  const claims = { iat: now() };
  const cases: Record<string, string | undefined> = {
    'no Authorization header': undefined,
    'empty Bearer': 'Bearer ',
    'not a JWT': 'hello',
    'garbage segments': 'a.b.c',
    'the API secret itself': a.api_secret,
    'signature stripped': `${header}.${payload}.`,
    'alg none': new UnsecuredJWT({}).setIssuedAt().encode(),
    'alg None, no signature': handmadeJwt({ alg: 'None', typ: 'JWT' }, claims, null),
    'alg NONE with an HMAC signature': handmadeJwt({ alg: 'NONE' }, claims, a.api_secret),
    'alg hs256 (lower case) with the right HMAC': handmadeJwt({ alg: 'hs256' }, claims, a.api_secret),
    'HS384 with the right secret': await signJwt(a.api_secret, { alg: 'HS384' }),
    'HS512 with the right secret': await signJwt(a.api_secret, { alg: 'HS512' }),
    'RS256 header, HMAC with the secret as key material': handmadeJwt({ alg: 'RS256', typ: 'JWT' }, claims, a.api_secret),
    'RS256 signed with an attacker key': await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().sign(privateKey),
    'HS256 with an attacker key named in jwk/kid': handmadeJwt({ alg: 'HS256', kid: 'attacker', jwk: { kty: 'oct', k: 'YXR0YWNrZXI' } }, claims, 'attacker'),
    'HS256 signed with the API key instead of the secret': handmadeJwt({ alg: 'HS256' }, claims, a.api_key),
    "HS256 signed with another company's secret": await signJwt(b.api_secret),
    'missing iat': await signJwt(a.api_secret, { iat: null }),
    'iat as a string': await new SignJWT({ iat: String(now()) } as never).setProtectedHeader({ alg: 'HS256' }).sign(secret),
    'iat 61+ s in the future': await signJwt(a.api_secret, { iat: now() + 90 }),
    'iat far in the future': await signJwt(a.api_secret, { iat: now() + 10 * 365 * 86_400 }),
    'iat older than JWT_MAX_AGE': await signJwt(a.api_secret, { iat: now() - 3700 }),
    'expired exp (fresh iat)': await signJwt(a.api_secret, { exp: now() - 10 }),
    'not yet valid (nbf)': await new SignJWT({ nbf: now() + 600 }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(secret),
  };
  for (const token of Object.values(cases)) if (token && token.includes('.')) ctx.remember('forged JWT', token);
  return cases;
}

describe('JWT attacks on every JWT-authenticated endpoint', () => {
  it('the OpenAPI document lists them, and it does not under-declare: no other route asks for a JWT', async () => {
    assert.ok(operations.length >= 30, `${operations.length} JWT operations`);
    for (const path of ['/v2/data', '/v1/data/requests', '/v2/employees/{id}', '/v2/qa/calibrations', '/v2/coaching/sessions', '/v2/integrations/{id}/records', '/v2/webhooks/{id}']) {
      assert.ok(operations.some((operation) => operation.path === path), path);
    }
    const company = await ctx.company();
    const declared = new Set((await documentedOperations(ctx.app)).filter((o) => o.security.includes('jwt')).map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const undeclared = recorder.routes.filter((route) => !declared.has(`${route.method} ${route.url}`));
    assert.ok(undeclared.length > 10);
    for (const route of undeclared) {
      const url = route.url.replace(/:\w+/g, '1').replace('*', 'index.html');
      const response = await ctx.app.inject({ method: route.method as 'GET', url, headers: { 'x-api-key': company.api_key } });
      const asksForJwt = response.statusCode === 403 && /JWT|Authorization/.test(response.body);
      assert.ok(!asksForJwt, `${route.method} ${route.url} requires a JWT but the OpenAPI document does not say so`);
    }
  });

  it('accepts a valid token, bare, as Bearer or as JWT, on every one (the control); the test key only where its policy allows', async () => {
    const a = await ctx.company();
    for (const operation of operations) {
      const where = `${operation.method} ${operation.path}`;
      for (const headers of [
        { 'x-api-key': a.api_key, authorization: await ctx.jwt(a) },
        { 'x-api-key': a.api_key, authorization: `Bearer ${await ctx.jwt(a)}` },
        { 'x-api-key': a.api_key, authorization: `JWT ${await ctx.jwt(a)}` },
      ]) {
        const response = await send(operation, headers);
        assert.notEqual(response.statusCode, 403, `${where}: ${response.body}`);
        assert.ok(response.statusCode < 500, `${where}: ${response.body}`);
      }
      const asTest = await send(operation, { 'x-api-key': a.test_api_key, authorization: `Bearer ${await ctx.jwt(a)}` });
      assert.ok(asTest.statusCode < 500, `${where}: ${asTest.body}`);
      if (testKeyAccess(operation.method, operation.path.replace(/\{(\w+)\}/g, ':$1')) === 'refused') {
        assertRefused(asTest, `the test key on ${where}`);
        assert.equal(asTest.json().message, TEST_KEY_REFUSAL, where);
      } else {
        assert.notEqual(asTest.statusCode, 403, `the test key on ${where}: ${asTest.body}`);
      }
    }
  });

  it('accepts an iat up to 60 s ahead and up to JWT_MAX_AGE old', async () => {
    const a = await ctx.company();
    for (const iat of [now() + 50, now() - 3500]) {
      const token = await signJwt(a.api_secret, { iat });
      ctx.remember('JWT', token);
      for (const operation of operations) {
        const response = await send(operation, { 'x-api-key': a.api_key, authorization: token });
        assert.notEqual(response.statusCode, 403, `iat ${iat - now()} on ${operation.method} ${operation.path}: ${response.body}`);
      }
    }
  });

  it('refuses every forged or out-of-window token with 403 JSON', async () => {
    const a = await ctx.company();
    const b = await ctx.company();
    const cases = await attacks(a, b);
    for (const operation of operations) {
      for (const [name, token] of Object.entries(cases)) {
        const headers: Record<string, string> = { 'x-api-key': a.api_key };
        if (token !== undefined) headers.authorization = token;
        assertRefused(await send(operation, headers), `${name} on ${operation.method} ${operation.path}`);
      }
    }
  });

  it("refuses a key and a token from different companies, and a missing or unknown key", async () => {
    const a = await ctx.company();
    const b = await ctx.company();
    for (const operation of operations) {
      const where = `${operation.method} ${operation.path}`;
      assertRefused(await send(operation, { 'x-api-key': b.api_key, authorization: await ctx.jwt(a) }), `B's key, A's token on ${where}`);
      assertRefused(await send(operation, { 'x-api-key': a.test_api_key, authorization: await ctx.jwt(b) }), `A's test key, B's token on ${where}`);
      assertRefused(await send(operation, { authorization: await ctx.jwt(a) }), `no key on ${where}`);
      assertRefused(await send(operation, { 'x-api-key': `${a.api_key}x`, authorization: await ctx.jwt(a) }), `unknown key on ${where}`);
    }
  });

  it('takes JWT_MAX_AGE from the configuration (default 24 h)', async () => {
    for (const [env, maxAge] of [[{ JWT_MAX_AGE: '60' }, 60], [{}, 86_400]] as const) {
      const other = await createSecurityContext(env);
      try {
        assert.equal(other.config.jwtMaxAgeSeconds, maxAge);
        const company = await other.company();
        const justInside = await signJwt(company.api_secret, { iat: now() - maxAge + 30 });
        const justOutside = await signJwt(company.api_secret, { iat: now() - maxAge - 30 });
        other.remember('JWT', justInside, justOutside);
        const get = (token: string) => other.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: token } });
        assert.equal((await get(justInside)).statusCode, 200);
        assert.equal((await get(justOutside)).statusCode, 403);
      } finally {
        await other.closeAndCheckLogs();
      }
    }
  });
});
