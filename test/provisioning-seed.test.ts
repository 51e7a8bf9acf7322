import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany } from './helpers/factories.ts';
import { employeeBody, seedRequest, sendSeed } from './helpers/provisioning.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

describe('the seed collection, sent exactly as written', () => {
  it('Create Employee: 422 naming each problem of the sample body, and nothing is stored', async () => {
    const company = await createCompany(ctx.services);
    const response = await sendSeed(ctx, company, 'Create Employee');
    assert.equal(response.statusCode, 422, response.body);
    const body = response.json();
    assert.equal(body.error, 'Unprocessable Entity');
    const joined = body.errors.join('\n');
    assert.match(joined, /employment_status "fulltime" is not allowed; allowed values: full-time, part-time, temp/);
    assert.match(joined, /start_date "YYYY-MM-DD" is not a date in the format YYYY-MM-DD/);
    assert.match(joined, /team_leader_id 54321 does not match an employee/);
    assert.match(joined, /team_leader_email "teamleader@example.com" does not match an employee/);
    assert.match(joined, /groups "Group A", "Group B" do not exist/);
    assert.doesNotMatch(joined, /role/);
    const count = await ctx.db.kysely.selectFrom('employees').select((eb) => eb.fn.countAll().as('n')).where('company_id', '=', company.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
    const outbox = await ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).execute();
    assert.equal(outbox.length, 0);
  });
});

describe('the other seed requests', () => {
  async function companyWithEmployee() {
    const company = await createCompany(ctx.services);
    const api = ctx.as(company);
    await ctx.services.roles.addGroup(company.id, 'Group A');
    const leader = await api.post('/v2/employees', employeeBody('lead', { email: 'teamleader@example.com', manage_team: true, role: 'Team Leader' }));
    assert.equal(leader.statusCode, 201, leader.body);
    const created = await api.post('/v2/employees', employeeBody('jane', { email: 'jane+ops@example.com', custom_employee_id: 'f157b797', team_leader_email: 'teamleader@example.com', groups: ['Group A'] }));
    assert.equal(created.statusCode, 201, created.body);
    return { company, api };
  }

  it('Invite Employee: 422 with the same explanations, no employee and no outbox row', async () => {
    const company = await createCompany(ctx.services);
    const response = await sendSeed(ctx, company, 'Invite Employee');
    assert.equal(response.statusCode, 422, response.body);
    const joined = response.json().errors.join('\n');
    for (const pattern of [/employment_status "fulltime"/, /start_date "YYYY-MM-DD"/, /team_leader_id 54321/, /team_leader_email "teamleader@example.com"/, /groups "Group A", "Group B"/]) {
      assert.match(joined, pattern);
    }
    const outbox = await ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).execute();
    assert.equal(outbox.length, 0);
  });

  it('Employee: the seed shape for an email with +, and 404 for an unknown id', async () => {
    const { company } = await companyWithEmployee();
    const response = await sendSeed(ctx, company, 'Employee', 'jane+ops@example.com');
    assert.equal(response.statusCode, 200, response.body);
    const employee = response.json();
    const leader = await ctx.services.provisioning.get((await ctx.services.credentials.company(company.id))!, 'teamleader@example.com');
    assert.deepEqual(Object.keys(employee).slice(0, 18), [
      'email', 'custom_employee_id', 'first_name', 'last_name', 'team_leader_id', 'team_leader_email', 'role', 'license_type', 'channels',
      'employment_status', 'start_date', 'hometown', 'state_or_country', 'profile_text', 'image', 'groups', 'manage_team', 'last_active',
    ]);
    assert.equal(employee.email, 'jane+ops@example.com');
    assert.equal(employee.team_leader_email, 'teamleader@example.com');
    assert.equal(typeof employee.team_leader_id, 'number');
    assert.equal(leader.manage_team, true);
    assert.deepEqual(employee.groups, ['Group A']);
    assert.deepEqual(employee.channels, ['phone', 'chat', 'email']);
    assert.equal(employee.role, 'Team Member [Default]');
    assert.equal(employee.license_type, 'standard');
    assert.equal(employee.manage_team, false);

    const byCustomId = await sendSeed(ctx, company, 'Employee', 'f157b797');
    assert.equal(byCustomId.json().email, 'jane+ops@example.com');
    const missing = await sendSeed(ctx, company, 'Employee', 'nobody@example.com');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().message, /Team member not found/);
  });

  it('Employees: "?external_id&number_of_employees" lists the first page', async () => {
    const { company } = await companyWithEmployee();
    const response = await sendSeed(ctx, company, 'Employees');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.employees.map((e: { email: string }) => e.email), ['teamleader@example.com', 'jane+ops@example.com']);
    assert.deepEqual(body.meta, { next_page: null });
  });

  it('Deactivate and Activate Employee: bodiless PUTs with Content-Type application/json', async () => {
    const { company } = await companyWithEmployee();
    const deactivated = await sendSeed(ctx, company, 'Deactivate Employee', 'jane+ops@example.com');
    assert.equal(deactivated.statusCode, 200, deactivated.body);
    assert.equal(deactivated.json().status, 'deactivated');
    const activated = await sendSeed(ctx, company, 'Activate Employee', 'f157b797');
    assert.equal(activated.statusCode, 200, activated.body);
    assert.equal(activated.json().status, 'active');
    for (const name of ['Activate Employee', 'Deactivate Employee']) {
      assert.equal((await sendSeed(ctx, company, name, 'ghost@example.com')).statusCode, 404);
    }
  });

  it('Update Employee: 422 explaining each problem, and the employee is unchanged', async () => {
    const { company, api } = await companyWithEmployee();
    const before = (await api.get('/v2/employees/f157b797')).json();
    const response = await sendSeed(ctx, company, 'Update Employee', 'f157b797');
    assert.equal(response.statusCode, 422, response.body);
    const joined = response.json().errors.join('\n');
    for (const pattern of [/employment_status "fulltime"/, /start_date "YYYY-MM-DD"/, /team_leader_id 54321/, /reporting_groups "Group A", "Group B"|reporting_groups "Group B"/]) {
      assert.match(joined, pattern);
    }
    assert.doesNotMatch(joined, /permissions/, 'view_exports and approve_pending_profiles are known permissions');
    assert.deepEqual((await api.get('/v2/employees/f157b797')).json(), before);
    assert.equal((await sendSeed(ctx, company, 'Update Employee', 'ghost')).statusCode, 404);
  });

  it('every seed request is in the collection with the documented method and path', () => {
    const expected: Record<string, [string, string]> = {
      'Activate Employee': ['PUT', '/v2/employees/:id/activate'],
      Employee: ['GET', '/v2/employees/:id'],
      Employees: ['GET', '/v2/employees?external_id&number_of_employees'],
      'Deactivate Employee': ['PUT', '/v2/employees/:id/deactivate'],
      'Invite Employee': ['POST', '/v2/employees/invite'],
      'Create Employee': ['POST', '/v2/employees'],
      'Update Employee': ['PUT', '/v2/employees/:id'],
    };
    for (const [name, [method, path]] of Object.entries(expected)) {
      const seed = seedRequest(name);
      assert.equal(seed.method, method, name);
      assert.equal(seed.path, path, name);
      assert.equal(seed.headers['Content-Type'], 'application/json', name);
    }
  });
});

describe('OpenAPI', () => {
  it('documents the provisioning endpoints with both credentials, and hides the invite pages', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.deepEqual(Object.keys(doc.paths).filter((p: string) => p.startsWith('/v2/employees')).sort(), [
      '/v2/employees', '/v2/employees/invite', '/v2/employees/{id}', '/v2/employees/{id}/activate', '/v2/employees/{id}/deactivate',
    ]);
    assert.deepEqual(doc.paths['/v2/employees'].post.security, [{ apiKey: [], jwt: [] }]);
    assert.ok(doc.paths['/v2/employees/{id}'].put.requestBody);
    assert.ok(!Object.keys(doc.paths).some((p: string) => p.startsWith('/invite')));
  });
});
