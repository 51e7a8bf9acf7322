import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { HSTS } from '../../src/plugins/security-headers.ts';
import { createEmployee, seedRequestBody } from '../helpers/factories.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';

const PUBLIC_URL = 'https://feedback.example';
const PROXY = '10.0.0.7';
let ctx: SecurityContext;
before(async () => {
  ctx = await createSecurityContext({ REQUIRE_HTTPS: 'true', PUBLIC_URL, TRUST_PROXY: `${PROXY},192.168.0.0/16` });
});
after(() => ctx.closeAndCheckLogs());

async function postRequest(headers: Record<string, string>, remoteAddress = '127.0.0.1') {
  const company = await ctx.company();
  const employee = await createEmployee(ctx.services, company.id);
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/v1/requests',
    remoteAddress,
    headers: { 'x-api-key': company.api_key, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(seedRequestBody(employee, { brand: undefined })),
  });
  const stored = await ctx.db.kysely.selectFrom('interactions').select('uuid').where('company_id', '=', company.id).execute();
  return { response, stored };
}

function assertHttpsRequired(response: LightMyRequestResponse) {
  assert.equal(response.statusCode, 403, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  assert.equal(response.json().error, 'Forbidden');
  assert.match(response.json().message, /HTTPS is required/);
  assert.equal(response.headers['strict-transport-security'], undefined, 'HSTS only over HTTPS');
}

describe('REQUIRE_HTTPS=true', () => {
  it('refuses an API call over plain HTTP with 403 JSON and stores nothing', async () => {
    const { response, stored } = await postRequest({});
    assertHttpsRequired(response);
    assert.equal(stored.length, 0);
    const company = await ctx.company();
    assertHttpsRequired(await ctx.app.inject({ url: '/v2/data', headers: { 'x-api-key': company.api_key, authorization: await ctx.jwt(company) } }));
    assertHttpsRequired(await ctx.app.inject({ method: 'POST', url: '/s/sometoken', payload: 'csrf=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    assertHttpsRequired(await ctx.app.inject('/openapi.json'));
  });

  it('redirects a plain-HTTP GET of a page to the same path under PUBLIC_URL, whatever the Host header says', async () => {
    for (const url of ['/s/AbCdEfGhIjKlMnOpQrStUvWxYz012345/rate/5', '/invite/some-token?x=1', '/docs/']) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await ctx.app.inject({ method, url, headers: { host: 'evil.example' } });
        assert.equal(response.statusCode, 301, `${method} ${url}`);
        assert.equal(response.headers.location, `${PUBLIC_URL}${url}`);
      }
    }
  });

  it('keeps /healthz, /readyz and /metrics reachable over plain HTTP for probes', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics']) assert.equal((await ctx.app.inject(url)).statusCode, 200, url);
  });

  it('accepts X-Forwarded-Proto: https only from a TRUST_PROXY address or range, and then sends HSTS', async () => {
    for (const peer of [PROXY, '192.168.4.2']) {
      const { response, stored } = await postRequest({ 'x-forwarded-proto': 'https' }, peer);
      assert.equal(response.statusCode, 200, `${peer}: ${response.body}`);
      assert.equal(stored.length, 1);
      assert.equal(response.headers['strict-transport-security'], HSTS);
    }
    assertHttpsRequired((await postRequest({ 'x-forwarded-proto': 'https' }, '127.0.0.1')).response);
    assertHttpsRequired((await postRequest({ 'x-forwarded-proto': 'https' }, '10.0.0.8')).response);
    assertHttpsRequired((await postRequest({ 'x-forwarded-proto': 'http' }, PROXY)).response);
  });

  it('trusts every peer with TRUST_PROXY=true, and none by default', async () => {
    for (const [trust, expected] of [['true', 200], [undefined, 403]] as const) {
      const other = await createSecurityContext({ REQUIRE_HTTPS: 'true', PUBLIC_URL, ...(trust ? { TRUST_PROXY: trust } : {}) });
      try {
        const response = await other.app.inject({ url: '/openapi.json', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-proto': 'https' } });
        assert.equal(response.statusCode, expected, `TRUST_PROXY=${trust}`);
      } finally {
        await other.close();
      }
    }
  });

  it('is off by default: plain HTTP is served, without HSTS', async () => {
    const plain = await createSecurityContext();
    try {
      const response = await plain.app.inject('/openapi.json');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['strict-transport-security'], undefined);
      assert.equal(plain.config.requireHttps, false);
      assert.equal(plain.config.trustProxy, false);
    } finally {
      await plain.close();
    }
  });
});

describe('HTTPS configuration', () => {
  it('names the bad variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ REQUIRE_HTTPS: 'sometimes', PUBLIC_URL }, 'REQUIRE_HTTPS'],
      [{ REQUIRE_HTTPS: 'true' }, 'REQUIRE_HTTPS'],
      [{ REQUIRE_HTTPS: 'true', PUBLIC_URL: 'http://feedback.example' }, 'PUBLIC_URL'],
      [{ TRUST_PROXY: 'the load balancer' }, 'TRUST_PROXY'],
      [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
      [{ TRUST_PROXY: '10.0.0.1,999.1.1.1' }, 'TRUST_PROXY'],
      [{ TLS_CERT: '/nonexistent/cert.pem' }, 'TLS_KEY'],
      [{ TLS_KEY: '/nonexistent/key.pem' }, 'TLS_CERT'],
      [{ TLS_CERT: '/nonexistent/cert.pem', TLS_KEY: '/nonexistent/key.pem' }, 'TLS_CERT'],
      [{ TLS_CERT: new URL(import.meta.url).pathname, TLS_KEY: new URL(import.meta.url).pathname }, 'TLS_CERT'],
    ];
    for (const [env, name] of cases) {
      assert.throws(() => loadConfig(env), (error: Error) => error instanceof ConfigError && error.message.includes(`variable ${name}:`), `${JSON.stringify(env)} → ${name}`);
    }
  });

  it('parses TRUST_PROXY lists and booleans', () => {
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1' }).trustProxy, ['10.0.0.1', '192.168.0.0/16', '::1']);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ REQUIRE_HTTPS: 'true', PUBLIC_URL }).requireHttps, true);
  });
});
