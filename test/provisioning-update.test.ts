import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany, seedRequestBody, uniqueName } from './helpers/factories.ts';
import { employeeBody } from './helpers/provisioning.ts';
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
  const lead = await api.post('/v2/employees', employeeBody(uniqueName('lead'), { manage_team: true }));
  const lead2 = await api.post('/v2/employees', employeeBody(uniqueName('lead'), { manage_team: true }));
  const created = await api.post('/v2/employees', employeeBody(uniqueName('e'), {
    email: `jane+${uniqueName('')}@example.com`,
    team_leader_email: lead.json().email,
    groups: ['Group A', 'Group B'],
    channels: ['phone'],
    employment_status: 'full-time',
    hometown: 'Springfield',
  }));
  assert.equal(created.statusCode, 201, created.body);
  return { company, api, leader: lead.json(), leader2: lead2.json(), employee: created.json() };
}

describe('PUT /v2/employees/:id', () => {
  it('changes only the given fields; a given list replaces the old one', async () => {
    const { api, employee, leader2 } = await setup();
    const path = `/v2/employees/${encodeURIComponent(employee.email)}`;
    const response = await api.put(path, { groups: ['Tier 2'], first_name: 'Janet', team_leader_email: leader2.email, reporting_groups: ['Group A'], permissions: ['view_reports'] });
    assert.equal(response.statusCode, 200, response.body);
    const updated = response.json();
    assert.deepEqual(updated, {
      ...employee,
      first_name: 'Janet',
      groups: ['Tier 2'],
      team_leader_email: leader2.email,
      team_leader_id: updated.team_leader_id,
      reporting_groups: ['Group A'],
      permissions: ['view_reports'],
    });
    assert.notEqual(updated.team_leader_id, employee.team_leader_id);
    assert.deepEqual((await api.get(path)).json(), updated);

    const cleared = (await api.put(path, { groups: [], hometown: null, team_leader_email: 'unassigned' })).json();
    assert.deepEqual(cleared.groups, []);
    assert.equal(cleared.hometown, null);
    assert.equal(cleared.team_leader_id, null);
    assert.deepEqual(cleared.channels, ['phone'], 'untouched');
    assert.equal(cleared.employment_status, 'full-time', 'untouched');
  });

  it('accepts its own GET response sent back (round trip), and an empty body changes nothing', async () => {
    const { api, employee } = await setup();
    const path = `/v2/employees/${employee.custom_employee_id}`;
    const roundTrip = await api.put(path, employee);
    assert.equal(roundTrip.statusCode, 200, roundTrip.body);
    assert.deepEqual(roundTrip.json(), employee);
    const empty = await api.put(path, {});
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(empty.json(), employee);
  });

  it('finds the employee by URL-encoded email with +, or a raw +, or custom id; changes the email', async () => {
    const { api, employee } = await setup();
    assert.equal((await api.get(`/v2/employees/${employee.email}`)).statusCode, 200, 'a raw + in a path is a +');
    assert.equal((await api.get(`/v2/employees/${encodeURIComponent(employee.email.toUpperCase())}`)).statusCode, 200, 'emails are case-insensitive');
    const moved = await api.put(`/v2/employees/${encodeURIComponent(employee.email)}`, { email: 'new.address@example.com' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal((await api.get('/v2/employees/new.address%40example.com')).json().custom_employee_id, employee.custom_employee_id);
    assert.equal((await api.get(`/v2/employees/${encodeURIComponent(employee.email)}`)).statusCode, 404);
  });

  it('refuses manage_team back to false, self-leadership, loops and duplicates, with nothing changed', async () => {
    const { api, leader, leader2, employee } = await setup();
    const leaderPath = `/v2/employees/${encodeURIComponent(leader.email)}`;
    const demote = await api.put(leaderPath, { manage_team: false, first_name: 'Changed' });
    assert.equal(demote.statusCode, 422);
    assert.match(demote.json().message, /manage_team cannot be set back to false once true/);
    assert.equal((await api.get(leaderPath)).json().first_name, 'Jane');
    assert.equal((await api.put(leaderPath, { manage_team: true })).statusCode, 200, 'true stays true');

    const self = await api.put(leaderPath, { team_leader_email: leader.email });
    assert.equal(self.statusCode, 422);
    assert.match(self.json().message, /cannot be their own team leader/);

    const leader2Path = `/v2/employees/${encodeURIComponent(leader2.email)}`;
    assert.equal((await api.put(leader2Path, { team_leader_email: leader.email })).statusCode, 200);
    const loop = await api.put(leaderPath, { team_leader_email: leader2.email });
    assert.equal(loop.statusCode, 422);
    assert.match(loop.json().message, /reporting loop/);

    const duplicate = await api.put(leaderPath, { email: employee.email, custom_employee_id: employee.custom_employee_id });
    assert.equal(duplicate.statusCode, 422);
    assert.equal(duplicate.json().errors.length, 2);
    const promoted = await api.put(`/v2/employees/${encodeURIComponent(employee.email)}`, { manage_team: true, role: 'Team Leader' });
    assert.equal(promoted.json().manage_team, true);
    assert.equal(promoted.json().role, 'Team Leader');
  });

  it('404 for an unknown id on get, update, activate and deactivate', async () => {
    const { api } = await setup();
    for (const [method, url] of [['GET', '/v2/employees/ghost%40example.com'], ['PUT', '/v2/employees/ghost'], ['PUT', '/v2/employees/ghost/activate'], ['PUT', '/v2/employees/ghost/deactivate']] as const) {
      const response = await api.send(method, url, method === 'PUT' && !url.endsWith('activate') ? { first_name: 'X' } : undefined);
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.equal(response.json().error, 'Not Found');
    }
  });
});

describe('activate and deactivate', () => {
  it('a deactivated employee gets a 400 in feedback requests; activation restores it', async () => {
    const { company, api, employee } = await setup();
    const ref = { email: employee.email, custom_id: employee.custom_employee_id };
    const request = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/v1/requests',
        headers: { 'x-api-key': company.api_key, 'content-type': 'application/json' },
        payload: JSON.stringify(seedRequestBody(ref, { brand: null, language: null })),
      });
    assert.equal((await request()).statusCode, 200);
    const off = await api.put(`/v2/employees/${employee.custom_employee_id}/deactivate`);
    assert.equal(off.statusCode, 200);
    assert.equal(off.json().status, 'deactivated');
    const refused = await request();
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().validation_errors.join(' '), /not active/);
    const on = await api.put(`/v2/employees/${encodeURIComponent(employee.email)}/activate`);
    assert.equal(on.json().status, 'active');
    assert.equal((await request()).statusCode, 200);
  });
});

describe('roles and capabilities', () => {
  it('every company has the default roles; employeeCan follows the role, admin grants all', async () => {
    const { company, api } = await setup();
    const roles = await ctx.services.roles.listRoles(company.id);
    assert.deepEqual(roles.map((r) => r.name), ['Team Member [Default]', 'Team Leader', 'QA Reviewer', 'Admin']);
    await ctx.services.roles.addRole(company.id, 'Coach', ['can_coach']);
    const coach = (await api.post('/v2/employees', employeeBody(uniqueName('c'), { role: 'Coach' }))).json();
    const admin = (await api.post('/v2/employees', employeeBody(uniqueName('a'), { role: 'Admin' }))).json();
    const row = (email: string) => ctx.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', company.id).where('email_key', '=', email).executeTakeFirstOrThrow();
    const coachRow = await row(coach.email);
    assert.equal(await ctx.services.roles.employeeCan(coachRow, 'can_coach'), true);
    assert.equal(await ctx.services.roles.employeeCan(coachRow, 'can_review'), false);
    assert.equal(await ctx.services.roles.employeeCan(await row(admin.email), 'can_audit'), true);
    assert.equal(await ctx.services.roles.employeeCan({ ...coachRow, status: 'deactivated' }, 'can_coach'), false);
    await assert.rejects(ctx.services.roles.addRole(company.id, 'Bad', ['fly']), /unknown capability "fly"/);
    await assert.rejects(ctx.services.roles.addRole(company.id, 'Coach'), /already exists/);
  });
});
