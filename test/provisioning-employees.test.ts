import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { verifyPassword } from '../src/lib/passwords.ts';
import { ProvisioningRepository } from '../src/modules/employees/provisioning.repository.ts';
import { createCompany, seedRequestBody, uniqueName } from './helpers/factories.ts';
import { signJwt } from './helpers/jwt.ts';
import { employeeBody } from './helpers/provisioning.ts';
import { actingOn } from './helpers/test-client.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function setup() {
  const company = await createCompany(ctx.services);
  const api = ctx.as(company);
  for (const name of ['Group A', 'Group B', 'Tier 2']) await ctx.services.roles.addGroup(company.id, name);
  const leader = await api.post('/v2/employees', employeeBody(uniqueName('lead'), { manage_team: true, role: 'Team Leader' }));
  assert.equal(leader.statusCode, 201, leader.body);
  return { company, api, leader: leader.json() };
}

async function storedRow(companyId: number, email: string) {
  return ctx.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('email_key', '=', email.toLowerCase()).executeTakeFirstOrThrow();
}

function feedbackRequest(apiKey: string, employee: { email: string; custom_id: string | null }) {
  return ctx.app.inject({
    method: 'POST',
    url: '/v1/requests',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    payload: JSON.stringify(seedRequestBody(employee, { brand: null, language: null })),
  });
}

describe('POST /v2/employees', () => {
  it('creates an active employee with every field, who can be named in feedback requests', async () => {
    const { company, api, leader } = await setup();
    const body = {
      email: 'Paul.Jones+support@Example.com',
      custom_employee_id: '12345',
      first_name: 'Paul',
      last_name: 'Jones',
      team_leader_id: String((await storedRow(company.id, leader.email)).id),
      team_leader_email: leader.email,
      role: 'QA Reviewer',
      manage_team: false,
      license_type: 'flexible',
      channels: ['chat', 'email'],
      employment_status: 'part-time',
      start_date: '2024-02-29',
      hometown: 'New York',
      state_or_country: 'USA',
      profile_text: 'this is a bio of an employee',
      image: 'https://cdn.example.com/people/paul.png',
      groups: ['Group A', 'Tier 2'],
      reporting_groups: ['Group B'],
      permissions: ['view_exports'],
    };
    const response = await api.post('/v2/employees', body);
    assert.equal(response.statusCode, 201, response.body);
    const { team_leader_id: _id, ...expected } = body;
    assert.deepEqual(response.json(), {
      ...expected,
      team_leader_id: Number(body.team_leader_id),
      groups: ['Group A', 'Tier 2'],
      last_active: null,
      status: 'active',
    });
    const requested = await feedbackRequest(company.api_key, { email: 'paul.jones+support@example.com', custom_id: null });
    assert.equal(requested.statusCode, 200, requested.body);
  });

  it('applies the defaults: role, license, channels, no leader for "unassigned"', async () => {
    const { api } = await setup();
    const response = await api.post('/v2/employees', employeeBody(uniqueName('d'), { team_leader_email: 'unassigned' }));
    assert.equal(response.statusCode, 201, response.body);
    const employee = response.json();
    assert.equal(employee.role, 'Team Member [Default]');
    assert.equal(employee.license_type, 'standard');
    assert.deepEqual(employee.channels, ['phone', 'chat', 'email']);
    assert.equal(employee.team_leader_id, null);
    assert.equal(employee.team_leader_email, null);
    assert.deepEqual(employee.groups, []);
  });

  it('stores temporary_password hashed and flagged must-change; never returns or logs it', async () => {
    const { company } = await setup();
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk) => lines.push(String(chunk)));
    const loud = await buildApp({ ...ctx.config, logLevel: 'trace' }, ctx.services, { logStream: stream });
    await loud.ready();
    const password = `Secret-${uniqueName('pw')}`;
    const response = await actingOn(loud)(company).post('/v2/employees', employeeBody(uniqueName('p'), { temporary_password: password }));
    await loud.close();
    assert.equal(response.statusCode, 201, response.body);
    assert.ok(!response.body.includes(password));
    assert.ok(!('temporary_password' in response.json()));
    assert.ok(lines.length > 0, 'the app logged the request');
    assert.ok(!lines.join('').includes(password), 'the password is not in the logs');
    const row = await storedRow(company.id, response.json().email);
    assert.match(row.password_hash!, /^scrypt\$/);
    assert.ok(!row.password_hash!.includes(password));
    assert.equal(row.password_must_change, 1);
    assert.equal(await verifyPassword(password, row.password_hash!), true);
    assert.equal(await verifyPassword('wrong password', row.password_hash!), false);
  });

  it('answers 422 naming each problem, and stores nothing', async () => {
    const { company, api, leader } = await setup();
    const member = (await api.post('/v2/employees', employeeBody(uniqueName('m')))).json();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ email: 'not-an-email' }, /email "not-an-email" is not a valid email address/],
      [{ email: undefined }, /email is required/],
      [{ first_name: undefined }, /first_name is required/],
      [{ license_type: 'premium' }, /license_type "premium" is not allowed; allowed values: standard, flexible/],
      [{ employment_status: 'fulltime' }, /employment_status "fulltime" is not allowed; allowed values: full-time, part-time, temp/],
      [{ channels: ['phone', 'fax'] }, /channels "fax" not among this company's channels; allowed values: phone, chat, email/],
      [{ start_date: '2023-02-30' }, /start_date "2023-02-30" is not a date/],
      [{ start_date: '05/02/2023' }, /start_date "05\/02\/2023" is not a date/],
      [{ team_leader_id: 99999999 }, /team_leader_id 99999999 does not match an employee/],
      [{ team_leader_id: 'abc' }, /team_leader_id "abc" is not an employee id/],
      [{ team_leader_email: member.email }, /team_leader_email ".*" does not manage a team/],
      [{ team_leader_email: 'ghost@example.com' }, /team_leader_email "ghost@example.com" does not match an employee/],
      [{ team_leader_email: leader.email, team_leader_id: 1 }, /team_leader_id 1 (does not|\(.*\) does not)|different team leaders/],
      [{ role: 'Astronaut' }, /role "Astronaut" does not exist; roles of this company: "Team Member \[Default\]", "Team Leader", "QA Reviewer", "Admin"/],
      [{ groups: ['group a'] }, /groups "group a" does not exist \(group names are case-sensitive\)/],
      [{ reporting_groups: ['Nope'] }, /reporting_groups "Nope" does not exist/],
      [{ permissions: ['view_exports', 'launch_rockets'] }, /permissions "launch_rockets" unknown; allowed values: view_exports/],
      [{ email: member.email.toUpperCase() }, /email ".*" is already used by another employee of this company/],
      [{ custom_employee_id: member.custom_employee_id }, /custom_employee_id ".*" is already used/],
      [{ image: 'https://cdn.example.com/a.jpg' }, /image must be a PNG/],
      [{ image: 'http://127.0.0.1/a.png' }, /image must be a publicly accessible URL/],
      [{ image: 'ftp://example.com/a.png' }, /image must be an http\(s\) URL/],
      [{ first_name: 5 }, /first_name must be a string or null/],
      [{ manage_team: 'yes' }, /manage_team must be a boolean/],
      [{ nickname: 'PJ' }, /nickname is not a field of an employee/],
      [{ temporary_password: 'short' }, /temporary_password must be 8 to 200 characters long/],
    ];
    for (const [overrides, message] of cases) {
      const body = employeeBody(uniqueName('x'), overrides);
      const response = await api.post('/v2/employees', body);
      assert.equal(response.statusCode, 422, `${JSON.stringify(overrides)}: ${response.body}`);
      assert.equal(response.json().error, 'Unprocessable Entity');
      assert.ok(response.json().errors.some((e: string) => message.test(e)), `${JSON.stringify(overrides)}: ${response.body}`);
    }
    const notObject = await api.post('/v2/employees', ['a']);
    assert.equal(notObject.statusCode, 422, notObject.body);
    const brokenJson = await api.post('/v2/employees', undefined, { payload: '{"email":' });
    assert.equal(brokenJson.statusCode, 400);
    assert.match(brokenJson.json().message, /not valid JSON/);
    const count = await ctx.db.kysely.selectFrom('employees').select((eb) => eb.fn.countAll().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 2, 'only the leader and the member exist');
  });

  it('two simultaneous creates of one email: one 201, the others 422', async () => {
    const { company, api } = await setup();
    const email = `race.${uniqueName('')}@example.com`;
    const responses = await Promise.all(
      ['A', 'b', 'C', 'd'].map((suffix, i) => api.post('/v2/employees', employeeBody(`${uniqueName('r')}${i}`, { email: i % 2 ? email.toUpperCase() : email, last_name: suffix }))),
    );
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, 422, 422, 422]);
    for (const response of responses.filter((r) => r.statusCode === 422)) assert.match(response.json().message, /email .*already used/);
    const rows = await ctx.db.kysely.selectFrom('employees').select('id').where('company_id', '=', company.id).where('email_key', '=', email.toLowerCase()).execute();
    assert.equal(rows.length, 1);
  });

  it('maps the unique constraint itself to 422 when the pre-check is raced', async () => {
    const company = await createCompany(ctx.services);
    const repository = new ProvisioningRepository(ctx.db.kysely);
    const values = { email: 'same@example.com', email_key: 'same@example.com', role: 'Team Member [Default]', status: 'active', custom_id: 'c1', manage_team: 0 };
    await repository.create(company.id, values, {});
    await assert.rejects(repository.create(company.id, { ...values, custom_id: 'c2' }, {}), (error: Error & { statusCode?: number }) => {
      assert.equal(error.statusCode, 422);
      assert.match(error.message, /email is already used/);
      return true;
    });
    await assert.rejects(repository.create(company.id, { ...values, email: 'other@example.com', email_key: 'other@example.com' }, {}), /custom_employee_id is already used/);
  });
});

describe('authentication and tenants', () => {
  it('403 without a valid JWT or key', async () => {
    const company = await createCompany(ctx.services);
    const other = await createCompany(ctx.services);
    const attempts: Record<string, string>[] = [
      { 'x-api-key': company.api_key },
      { authorization: await signJwt(company.api_secret) },
      { 'x-api-key': company.api_key, authorization: await signJwt(other.api_secret) },
      { 'x-api-key': company.api_key, authorization: await signJwt(company.api_secret, { iat: Math.floor(Date.now() / 1000) - 2 * 86_400 }) },
      { 'x-api-key': company.api_key, authorization: 'not-a-jwt' },
    ];
    for (const h of attempts) {
      for (const [method, url] of [['GET', '/v2/employees'], ['POST', '/v2/employees'], ['PUT', '/v2/employees/x/activate'], ['GET', '/v2/employees/x']] as const) {
        const response = await ctx.app.inject({ method, url, headers: { ...h, 'content-type': 'application/json' }, payload: method === 'POST' ? '{}' : undefined });
        assert.equal(response.statusCode, 403, `${method} ${url} ${JSON.stringify(Object.keys(h))}`);
      }
    }
    const bearer = await ctx.as(company).get('/v2/employees', { headers: { authorization: `Bearer ${await signJwt(company.api_secret)}` } });
    assert.equal(bearer.statusCode, 200);
  });

  it("one company never sees or changes another's employees", async () => {
    const a = await setup();
    const b = await setup();
    const shared = employeeBody(uniqueName('s'));
    assert.equal((await a.api.post('/v2/employees', shared)).statusCode, 201);
    assert.equal((await b.api.post('/v2/employees', shared)).statusCode, 201, 'the same email may exist in two companies');
    const onlyA = employeeBody(uniqueName('a'));
    assert.equal((await a.api.post('/v2/employees', onlyA)).statusCode, 201);
    assert.equal((await b.api.get(`/v2/employees/${encodeURIComponent(onlyA.email)}`)).statusCode, 404);
    assert.equal((await b.api.put(`/v2/employees/${encodeURIComponent(onlyA.email)}`, { first_name: 'X' })).statusCode, 404);
    assert.equal((await b.api.put(`/v2/employees/${onlyA.custom_employee_id}/deactivate`)).statusCode, 404);
    const listed = (await b.api.get('/v2/employees')).json().employees.map((e: { email: string }) => e.email);
    assert.ok(!listed.includes(onlyA.email));
    const aLeaderId = (await storedRow(a.company.id, a.leader.email)).id;
    const crossLeader = await b.api.post('/v2/employees', employeeBody(uniqueName('c'), { team_leader_id: aLeaderId }));
    assert.equal(crossLeader.statusCode, 422);
    assert.equal((await a.api.get(`/v2/employees/${encodeURIComponent(onlyA.email)}`)).json().first_name, 'Jane');
  });
});
