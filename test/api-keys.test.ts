import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../src/lib/secrets.ts';
import { createCompany, createEmployee, seedRequestBody } from './helpers/factories.ts';
import { eventually } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ API_BASE_DOMAIN: 'api.agent-connect.test' });
});
after(() => ctx.close());

function post(headers: Record<string, string>, body: unknown = {}) {
  return ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
}

describe('x-api-key authentication', () => {
  it('answers 403 with a JSON body when the key is missing, empty or unknown', async () => {
    for (const headers of [{}, { 'x-api-key': '' }, { 'x-api-key': 'ac_live_unknown' }] as Record<string, string>[]) {
      const response = await post(headers);
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.match(response.headers['content-type'] as string, /application\/json/);
      assert.equal(response.json().error, 'Forbidden');
      assert.ok(response.json().message.length > 0);
    }
  });

  it('checks the key before reading the body', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/v1/requests', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    assert.equal(response.statusCode, 403);
  });

  it('stores keys only as SHA-256 hashes', async () => {
    const company = await createCompany(ctx.services);
    const rows = await ctx.db.kysely.selectFrom('api_keys').selectAll().where('company_id', '=', company.id).execute();
    assert.deepEqual(rows.map((r) => r.key_hash).sort(), [sha256Hex(company.api_key), sha256Hex(company.test_api_key)].sort());
    const text = JSON.stringify(rows);
    assert.ok(!text.includes(company.api_key) && !text.includes(company.test_api_key));
    assert.ok(company.api_key.length >= 32 && company.test_api_key.length >= 32);
  });

  it('stops accepting old keys as soon as they are rotated', async () => {
    const company = await createCompany(ctx.services);
    const employee = await createEmployee(ctx.services, company.id);
    const body = seedRequestBody({ email: employee.email, custom_id: null }, { brand: undefined });
    assert.equal((await post({ 'x-api-key': company.api_key }, body)).statusCode, 200);
    const rotated = await ctx.services.companies.rotateCredentials(company.subdomain);
    assert.equal((await post({ 'x-api-key': company.api_key }, body)).statusCode, 403);
    assert.equal((await post({ 'x-api-key': company.test_api_key }, body)).statusCode, 403);
    assert.equal((await post({ 'x-api-key': rotated.api_key }, body)).statusCode, 200);
    assert.notEqual(rotated.api_secret, company.api_secret);
  });

  it('sees a rotation made by another process within the poll interval', async () => {
    const company = await createCompany(ctx.services);
    const employee = await createEmployee(ctx.services, company.id);
    const body = seedRequestBody({ email: employee.email, custom_id: null }, { brand: undefined });
    assert.equal((await post({ 'x-api-key': company.api_key }, body)).statusCode, 200);
    // Another process rotating: the hashes change in the database and the shared epoch moves.
    const { CompaniesRepository } = await import('../src/modules/companies/companies.repository.ts');
    await new CompaniesRepository(ctx.db.kysely).replaceCredentials(company.id, {
      productionKeyHash: sha256Hex('new-production'),
      testKeyHash: sha256Hex('new-test'),
      productionKeyPrefix: 'new-prod',
      testKeyPrefix: 'new-test',
      apiSecret: 'new-secret',
    });
    // This process sees it within a poll of the epoch.
    await eventually(async () => (await ctx.services.credentials.authenticate(company.api_key)) === null);
    assert.equal((await post({ 'x-api-key': company.api_key }, body)).statusCode, 403);
    assert.equal((await post({ 'x-api-key': 'new-production' }, body)).statusCode, 200);
  });

  it('with API_BASE_DOMAIN, refuses a key used on another company’s subdomain', async () => {
    const company = await createCompany(ctx.services);
    const employee = await createEmployee(ctx.services, company.id);
    const body = seedRequestBody({ email: employee.email, custom_id: null }, { brand: undefined });
    const own = await post({ 'x-api-key': company.api_key, host: `${company.subdomain}.api.agent-connect.test` }, body);
    assert.equal(own.statusCode, 200, own.body);
    const foreign = await post({ 'x-api-key': company.api_key, host: 'someone-else.api.agent-connect.test' }, body);
    assert.equal(foreign.statusCode, 403);
    const bareHost = await post({ 'x-api-key': company.api_key, host: 'localhost:3000' }, body);
    assert.equal(bareHost.statusCode, 200);
  });
});
