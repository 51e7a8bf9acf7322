import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { runCli } from '../helpers/cli.ts';
import { signJwt } from '../helpers/jwt.ts';
import { jwtOperations, type Operation } from '../helpers/routes.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { eventually } from '../helpers/survey.ts';
import { TEST_KEY_REFUSAL, testKeyAccess } from '../../src/modules/companies/test-key-policy.ts';

const MAX_AGE = 3600;
const HOUR = 3600;
let ctx: SecurityContext;
let operations: Operation[];
/** Company A has accept_legacy_jwt on; company B keeps the default. */
let a: CompanyCredentials;
let b: CompanyCredentials;

before(async () => {
  ctx = await createSecurityContext({ JWT_MAX_AGE: String(MAX_AGE) });
  operations = await jwtOperations(ctx.app);
  a = await ctx.company();
  b = await ctx.company();
  await ctx.services.companies.setSettings(a.subdomain, ['accept_legacy_jwt=true']);
});
after(() => ctx.closeAndCheckLogs());

const now = () => Math.floor(Date.now() / 1000);

/** An HS256 token as `jwt.encode({}, secret)` makes it: no iat at all. */
async function noIat(secret: string, alg = 'HS256'): Promise<string> {
  const token = await new SignJWT({}).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
  assert.equal(decodeJwt(token).iat, undefined, 'jose adds no iat unless asked');
  ctx.remember('JWT', token);
  return token;
}

async function withIat(secret: string, iat: number): Promise<string> {
  const token = await signJwt(secret, { iat });
  ctx.remember('JWT', token);
  return token;
}

function send(operation: Operation, apiKey: string, authorization: string): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'x-api-key': apiKey, authorization };
  if (operation.method === 'GET') return ctx.app.inject({ method: operation.method, url: operation.url, headers });
  return ctx.app.inject({ method: operation.method, url: operation.url, headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' });
}

/** Accepted: past authentication (the test key is still refused where its sandbox policy refuses it). */
async function assertAccepted(apiKey: string, authorization: string, what: string) {
  for (const operation of operations) {
    const response = await send(operation, apiKey, authorization);
    if (apiKey === a.test_api_key && testKeyAccess(operation.method, operation.path.replace(/\{(\w+)\}/g, ':$1')) === 'refused') {
      assert.equal(response.json().message, TEST_KEY_REFUSAL, `${what} on ${operation.method} ${operation.path}`);
      continue;
    }
    assert.notEqual(response.statusCode, 403, `${what} on ${operation.method} ${operation.path}: ${response.body}`);
    assert.ok(response.statusCode < 500, `${what} on ${operation.method} ${operation.path}: ${response.body}`);
  }
}

async function assertRefused(apiKey: string, authorization: string, what: string, message?: RegExp) {
  for (const operation of operations) {
    const response = await send(operation, apiKey, authorization);
    assert.equal(response.statusCode, 403, `${what} on ${operation.method} ${operation.path}: ${response.body}`);
    if (message) assert.match(response.json().message, message, what);
  }
}

const getData = (apiKey: string, authorization: string) => ctx.app.inject({ url: '/v2/data', headers: { 'x-api-key': apiKey, authorization } });

describe('accept_legacy_jwt: tokens that real clients send', () => {
  it('by default refuses a token without iat, and the 403 names the setting and the command', async () => {
    assert.ok(operations.length >= 30);
    const token = await noIat(b.api_secret);
    const hint = new RegExp(`must carry an iat claim.*agent-connect company set ${b.subdomain} accept_legacy_jwt=true`);
    await assertRefused(b.api_key, token, "B's token without iat, B's key", hint);
    await assertRefused(b.test_api_key, `Bearer ${token}`, "B's token without iat, B's test key", hint);
  });

  it('by default refuses an iat more than 60 s ahead, naming the setting', async () => {
    const token = await withIat(b.api_secret, now() + 2 * HOUR);
    await assertRefused(b.api_key, token, 'iat 2 h ahead', /iat is in the future.*accept_legacy_jwt=true/);
  });

  it('with the setting, accepts a token without iat, bare, as Bearer or as JWT, with the production or test key', async () => {
    const token = await noIat(a.api_secret);
    await assertAccepted(a.api_key, token, 'bare, no iat');
    await assertAccepted(a.test_api_key, `Bearer ${token}`, 'Bearer, no iat, test key');
    await assertAccepted(a.api_key, `JWT ${token}`, 'JWT prefix, no iat');
  });

  it('with the setting, accepts an iat up to 14 h ahead, and still one up to JWT_MAX_AGE old', async () => {
    for (const iat of [now() + 14 * HOUR - 30, now() + 9 * HOUR, now() + 30 * 60, now() - MAX_AGE + 60]) {
      await assertAccepted(a.api_key, await withIat(a.api_secret, iat), `iat ${iat - now()} s from now`);
    }
  });

  it('with the setting, everything else stays strict', async () => {
    const secret = new TextEncoder().encode(a.api_secret);
    const cases: [string, string, RegExp][] = [
      ['iat more than 14 h ahead', await withIat(a.api_secret, now() + 14 * HOUR + 600), /more than 14 hours in the future/],
      ['iat years ahead', await withIat(a.api_secret, now() + 3 * 365 * 24 * HOUR), /more than 14 hours in the future/],
      ['iat older than JWT_MAX_AGE', await withIat(a.api_secret, now() - MAX_AGE - 120), /older than 3600 seconds/],
      ['iat as a string', await new SignJWT({ iat: String(now()) } as never).setProtectedHeader({ alg: 'HS256' }).sign(secret), /malformed/],
      ['no iat, HS384 with the right secret', await noIat(a.api_secret, 'HS384'), /not HS256/],
      ['no iat, HS512 with the right secret', await noIat(a.api_secret, 'HS512'), /not HS256/],
      ['no iat, alg none', new UnsecuredJWT({}).encode(), /not HS256/],
      ["no iat, signed with B's secret", await noIat(b.api_secret), /not signed with this company's API secret/],
      ['no iat, signed with the API key', await noIat(a.api_key), /not signed/],
      ['no iat, expired exp', await new SignJWT({ exp: now() - 10 }).setProtectedHeader({ alg: 'HS256' }).sign(secret), /expired/],
      ['no iat, nbf ahead', await new SignJWT({ nbf: now() + 600 }).setProtectedHeader({ alg: 'HS256' }).sign(secret), /not signed|malformed/],
    ];
    for (const [what, token, message] of cases) {
      ctx.remember('JWT', token);
      await assertRefused(a.api_key, token, what, message);
      await assertRefused(a.test_api_key, `JWT ${token}`, `${what} (test key, JWT prefix)`, message);
    }
  });

  it("company A's setting never loosens company B", async () => {
    await assertRefused(b.api_key, await noIat(b.api_secret), "B's key, B's token without iat");
    await assertRefused(b.api_key, await withIat(b.api_secret, now() + 9 * HOUR), "B's key, B's token 9 h ahead");
    await assertRefused(b.api_key, await noIat(a.api_secret), "B's key, A's token without iat");
    await assertRefused(b.api_key, await withIat(a.api_secret, now()), "B's key, A's fresh token");
    await assertRefused(b.test_api_key, await noIat(a.api_secret), "B's test key, A's token without iat");
    await assertRefused(a.api_key, await noIat(b.api_secret), "A's key, B's token without iat");
    await assertRefused(a.api_key, await withIat(b.api_secret, now()), "A's key, B's fresh token");
    await assertAccepted(b.api_key, await withIat(b.api_secret, now()), "B's key, B's fresh token (the control)");
  });

  it('accepts the JWT and Bearer prefixes in any case, with or without the setting', async () => {
    const token = await withIat(b.api_secret, now());
    for (const prefix of ['JWT ', 'jwt ', 'Jwt  ', 'Bearer ', 'bearer ', 'BEARER ']) {
      assert.equal((await getData(b.api_key, `${prefix}${token}`)).statusCode, 200, JSON.stringify(prefix));
    }
    for (const wrong of [`JWT${token}`, `Token ${token}`, `JWT JWT ${token}`, `Basic ${token}`]) {
      assert.equal((await getData(b.api_key, wrong)).statusCode, 403, wrong.slice(0, 12));
    }
  });

  it('is set with agent-connect company set, validated, and a change made by another process takes effect', async () => {
    const c = await ctx.company();
    const token = await noIat(c.api_secret);
    assert.equal((await getData(c.api_key, token)).statusCode, 403, 'default: off');

    const bad = await runCli(ctx.env, 'company', 'set', c.subdomain, 'accept_legacy_jwt=yes');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid value for accept_legacy_jwt: true or false/);

    const on = await runCli(ctx.env, 'company', 'set', c.subdomain, 'accept_legacy_jwt=true');
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stdout, /^accept_legacy_jwt=true$/m);
    await eventually(async () => (await getData(c.api_key, token)).statusCode === 200);
    assert.equal((await getData(b.api_key, await noIat(b.api_secret))).statusCode, 403, 'B is untouched');

    const off = await runCli(ctx.env, 'company', 'set', c.subdomain, 'accept_legacy_jwt=false', '--json');
    assert.equal(off.code, 0, off.stderr);
    assert.equal(JSON.parse(off.stdout).accept_legacy_jwt, false);
    await eventually(async () => (await getData(c.api_key, token)).statusCode === 403);
  });
});
