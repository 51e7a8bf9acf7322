import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { createCompany } from './helpers/factories.ts';
import { signJwt } from './helpers/data-return.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ JWT_MAX_AGE: '3600' });
});
after(() => ctx.close());

const now = () => Math.floor(Date.now() / 1000);
const ROUTES = ['/v2/data', '/v1/data/requests', '/v1/data/responses'];

async function call(headers: Record<string, string>, url = '/v2/data') {
  return ctx.app.inject({ method: 'GET', url, headers });
}

function assertRefused(response: Awaited<ReturnType<typeof call>>, secrets: string[] = []) {
  assert.equal(response.statusCode, 403, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  const body = response.json();
  assert.equal(body.error, 'Forbidden');
  assert.equal(typeof body.message, 'string');
  for (const secret of secrets) assert.ok(!response.body.includes(secret), 'a refusal must not reveal a secret');
}

describe('data return authentication (x-api-key + HS256 JWT)', () => {
  it('accepts a bare token and a Bearer token on every data-return route', async () => {
    const company = await createCompany(ctx.services);
    const token = await signJwt(company.api_secret);
    for (const url of ROUTES) {
      assert.equal((await call({ 'x-api-key': company.api_key, authorization: token }, url)).statusCode, 200, url);
      assert.equal((await call({ 'x-api-key': company.api_key, authorization: `Bearer ${token}` }, url)).statusCode, 200, url);
    }
  });

  it('accepts an iat up to 60 s in the future and up to JWT_MAX_AGE old', async () => {
    const company = await createCompany(ctx.services);
    for (const iat of [now() + 50, now() - 3500]) {
      const response = await call({ 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret, { iat }) });
      assert.equal(response.statusCode, 200, `iat ${iat - now()}: ${response.body}`);
    }
  });

  it('refuses every bad token with 403 JSON on every route', async () => {
    const company = await createCompany(ctx.services);
    const other = await createCompany(ctx.services);
    const secret = new TextEncoder().encode(company.api_secret);
    const { privateKey } = await generateKeyPair('RS256');
    const [header, payload] = (await signJwt(company.api_secret)).split('.');
    const cases: Record<string, string | undefined> = {
      'no token': undefined,
      'empty Bearer': 'Bearer ',
      'not a JWT': 'hello',
      'garbage segments': 'a.b.c',
      'signature stripped': `${header}.${payload}.`,
      'alg none': new UnsecuredJWT({}).setIssuedAt().encode(),
      'HS384 with the right secret': await signJwt(company.api_secret, { alg: 'HS384' }),
      'HS512 with the right secret': await signJwt(company.api_secret, { alg: 'HS512' }),
      RS256: await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().sign(privateKey),
      'wrong secret': await signJwt('not-the-secret-at-all-0123456789'),
      "another company's secret": await signJwt(other.api_secret),
      'no iat': await signJwt(company.api_secret, { iat: null }),
      'iat as a string': await new SignJWT({ iat: String(now()) } as never).setProtectedHeader({ alg: 'HS256' }).sign(secret),
      'iat more than 60 s ahead': await signJwt(company.api_secret, { iat: now() + 120 }),
      'iat older than JWT_MAX_AGE': await signJwt(company.api_secret, { iat: now() - 3700 }),
      expired: await signJwt(company.api_secret, { exp: now() - 10 }),
      'not yet valid (nbf)': await new SignJWT({ nbf: now() + 600 }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(secret),
    };
    for (const [name, token] of Object.entries(cases)) {
      for (const url of ROUTES) {
        const headers: Record<string, string> = { 'x-api-key': company.api_key };
        if (token !== undefined) headers.authorization = token;
        const response = await call(headers, url);
        assert.equal(response.statusCode, 403, `${name} on ${url}: ${response.body}`);
        assertRefused(response, [company.api_secret, other.api_secret]);
      }
    }
  });

  it('refuses a missing, unknown or other-company pairing of x-api-key', async () => {
    const company = await createCompany(ctx.services);
    const other = await createCompany(ctx.services);
    const token = await signJwt(company.api_secret);
    assertRefused(await call({ authorization: token }));
    assertRefused(await call({ 'x-api-key': 'ac_live_unknown', authorization: token }));
    assertRefused(await call({ 'x-api-key': other.api_key, authorization: token }), [company.api_secret, other.api_secret]);
  });

  it('uses the configured JWT_MAX_AGE (default 24 h)', async () => {
    const strict = await createTestContext({ JWT_MAX_AGE: '60' });
    try {
      const company = await createCompany(strict.services);
      const old = await signJwt(company.api_secret, { iat: now() - 120 });
      const fresh = await signJwt(company.api_secret, { iat: now() - 30 });
      assert.equal((await strict.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: old } })).statusCode, 403);
      assert.equal((await strict.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: fresh } })).statusCode, 200);
    } finally {
      await strict.close();
    }
    const defaults = await createTestContext();
    try {
      assert.equal(defaults.config.jwtMaxAgeSeconds, 86_400);
      const company = await createCompany(defaults.services);
      const dayOld = await signJwt(company.api_secret, { iat: now() - 86_000 });
      const tooOld = await signJwt(company.api_secret, { iat: now() - 86_500 });
      assert.equal((await defaults.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: dayOld } })).statusCode, 200);
      assert.equal((await defaults.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: tooOld } })).statusCode, 403);
    } finally {
      await defaults.close();
    }
  });

  it('accepts the test key with the same secret', async () => {
    const company = await createCompany(ctx.services);
    const response = await call({ 'x-api-key': company.test_api_key, authorization: await signJwt(company.api_secret) });
    assert.equal(response.statusCode, 200, response.body);
  });
});
