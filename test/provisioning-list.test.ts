import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany, uniqueName } from './helpers/factories.ts';
import { employeeBody } from './helpers/provisioning.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import type { TestClient } from './helpers/test-client.ts';

const PUBLIC_URL = 'https://feedback.example.com';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ PUBLIC_URL });
});
after(() => ctx.close());

/** Follows meta.next_page (which must start with PUBLIC_URL) until it is null. */
async function collectPages(api: TestClient, firstUrl: string) {
  const pages: string[][] = [];
  let url: string | null = firstUrl;
  while (url) {
    const response = await api.get(url.startsWith(PUBLIC_URL) ? url.slice(PUBLIC_URL.length) : url);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    pages.push(body.employees.map((e: { email: string }) => e.email));
    url = body.meta.next_page;
    if (url) assert.ok(url.startsWith(`${PUBLIC_URL}/v2/employees?`), url);
    assert.ok(pages.length < 50, 'paging ends');
  }
  return pages;
}

/** A company of 1 leader + 13 employees with varied attributes, in creation order. */
async function roster() {
  const company = await createCompany(ctx.services);
  const api = ctx.as(company);
  for (const name of ['Group A', 'Group B']) await ctx.services.roles.addGroup(company.id, name);
  const emails: string[] = [];
  const create = async (overrides: Record<string, unknown>) => {
    const response = await api.post('/v2/employees', employeeBody(uniqueName(''), overrides));
    assert.equal(response.statusCode, 201, response.body);
    emails.push(response.json().email);
    return response.json();
  };
  const leaderA = await create({ manage_team: true, role: 'Team Leader', first_name: 'Lena', last_name: 'Leader' });
  const leaderB = await create({ manage_team: true, role: 'Team Leader', first_name: 'Lars', last_name: 'Boss' });
  for (let i = 0; i < 12; i++) {
    await create({
      first_name: i === 3 ? 'Zoë' : 'Agent',
      last_name: `Number_${i}`,
      team_leader_email: i % 2 ? leaderA.email : leaderB.email,
      groups: i % 3 === 0 ? ['Group A'] : i % 3 === 1 ? ['Group B'] : [],
      employment_status: i < 4 ? 'part-time' : 'full-time',
      role: i === 5 ? 'QA Reviewer' : undefined,
    });
  }
  const leaderIds = { a: leaderA.email, b: leaderB.email };
  const ids = await ctx.db.kysely.selectFrom('employees').select(['id', 'email']).where('company_id', '=', company.id).execute();
  const idOf = (email: string) => ids.find((row) => row.email === email)!.id;
  return { company, api, emails, leaderIds, idOf };
}

describe('GET /v2/employees', () => {
  it('pages through everyone in a stable order, with next_page built from PUBLIC_URL', async () => {
    const { api, emails } = await roster();
    const pages = await collectPages(api, '/v2/employees?number_of_employees=5');
    assert.deepEqual(pages.map((p) => p.length), [5, 5, 4]);
    assert.deepEqual(pages.flat(), emails);
    assert.deepEqual(await collectPages(api, '/v2/employees'), [emails], 'default page size 100');
  });

  it('pages with filters, keeping every filter in next_page', async () => {
    const { api, emails, leaderIds, idOf } = await roster();
    const url = `/v2/employees?number_of_employees=1&team_leader_ids=${idOf(leaderIds.a)}&employee_status=full-time&reporting_groups=Group+A&reporting_groups=Group%20B`;
    const pages = await collectPages(api, url);
    const expected = emails.slice(2).filter((_, i) => i % 2 === 1 && i >= 4 && i % 3 !== 2);
    assert.equal(expected.length, 2);
    assert.deepEqual(pages.flat(), expected);
    assert.deepEqual(pages.map((p) => p.length), [1, 1]);
    const first = (await api.get(url)).json().meta.next_page as string;
    const params = new URL(first).searchParams;
    assert.deepEqual(params.getAll('reporting_groups'), ['Group A', 'Group B']);
    assert.equal(params.get('employee_status'), 'full-time');
    assert.equal(params.get('number_of_employees'), '1');
  });

  it('filters by status, employment status, leaders, groups, roles and q', async () => {
    const { api, emails, leaderIds, idOf } = await roster();
    const list = async (query: string) => {
      const response = await api.get(`/v2/employees?${query}`);
      assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
      return response.json().employees.map((e: { email: string }) => e.email) as string[];
    };
    await api.put(`/v2/employees/${encodeURIComponent(emails[2])}/deactivate`);
    assert.deepEqual(await list('status=deactivated'), [emails[2]]);
    assert.equal((await list('status=active')).length, 13);
    assert.deepEqual(await list('status=created'), []);
    assert.deepEqual(await list('status=pending%20review'), []);
    assert.deepEqual(await list('employee_status=part-time'), emails.slice(2, 6));
    assert.deepEqual(await list(`team_leader_ids=${idOf(leaderIds.a)}&team_leader_ids=${idOf(leaderIds.b)}`), emails.slice(2));
    assert.deepEqual(await list(`team_leader_ids=${idOf(leaderIds.b)}`), emails.slice(2).filter((_, i) => i % 2 === 0));
    assert.deepEqual(await list('reporting_groups=Group%20A'), emails.slice(2).filter((_, i) => i % 3 === 0));
    assert.deepEqual(await list('reporting_groups=group%20a'), [], 'group names are exact');
    assert.deepEqual(await list('roles=Team%20Leader'), emails.slice(0, 2));
    assert.deepEqual(await list('roles=Team%20Leader&roles=QA%20Reviewer'), [...emails.slice(0, 2), emails[7]]);
    assert.deepEqual(await list('q=zoë'), [emails[5]]);
    assert.deepEqual(await list('q=LENA%20LEAD'), [emails[0]], 'full name, case-insensitive');
    assert.deepEqual(await list(`q=${encodeURIComponent(emails[9].slice(0, 12).toUpperCase())}`), [emails[9]], 'partial email');
    const customId = (await api.get(`/v2/employees/${encodeURIComponent(emails[4])}`)).json().custom_employee_id as string;
    assert.deepEqual(await list(`q=${customId.slice(2)}`), [emails[4]], 'partial custom id');
    assert.deepEqual(await list('q=Number_1'), [emails[3], ...emails.slice(12, 14)], '_ is literal');
    assert.deepEqual(await list('q=%25'), [], '% is literal');
  });

  it('external_id (email or custom id of the last employee seen) and after continue after that employee', async () => {
    const { api, emails } = await roster();
    const byEmail = (await api.get(`/v2/employees?external_id=${encodeURIComponent(emails[3])}&number_of_employees=2`)).json();
    assert.deepEqual(byEmail.employees.map((e: { email: string }) => e.email), emails.slice(4, 6));
    const customId = (await api.get(`/v2/employees/${encodeURIComponent(emails[3])}`)).json().custom_employee_id;
    const byCustomId = (await api.get(`/v2/employees?external_id=${customId}&number_of_employees=2`)).json();
    assert.deepEqual(byCustomId.employees.map((e: { email: string }) => e.email), emails.slice(4, 6));
    const unknown = await api.get('/v2/employees?external_id=nobody%40example.com');
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.json().message, /external_id "nobody@example.com" does not match an employee/);
  });

  it('number_of_employees: at most 500, and bad values are refused', async () => {
    const company = await createCompany(ctx.services);
    const api = ctx.as(company);
    const now = Date.now();
    await ctx.db.kysely
      .insertInto('employees')
      .values(Array.from({ length: 501 }, (_, i) => ({
        company_id: company.id, email: `bulk${i}@example.com`, email_key: `bulk${i}@example.com`, custom_id: null, first_name: 'B', last_name: String(i),
        status: 'active', role: 'Team Member [Default]', manage_team: 0, team_leader_id: null, image: null, profile_text: null, created_at: now, updated_at: now,
        employment_status: null, start_date: null, hometown: null, state_or_country: null, password_hash: null, last_active_at: null,
      })))
      .execute();
    const first = (await api.get('/v2/employees?number_of_employees=1000')).json();
    assert.equal(first.employees.length, 500);
    assert.match(first.meta.next_page, /number_of_employees=500&after=\d+$/);
    const rest = (await api.get(first.meta.next_page.slice(PUBLIC_URL.length))).json();
    assert.deepEqual(rest.employees.map((e: { email: string }) => e.email), ['bulk500@example.com']);
    assert.equal(rest.meta.next_page, null);
    for (const [query, message] of [
      ['number_of_employees=0', /number_of_employees "0" must be a whole number from 1 to 500/],
      ['number_of_employees=ten', /number_of_employees "ten"/],
      ['status=sleeping', /status "sleeping" is not allowed; allowed values: active, deactivated, confirmed, created, pending review, unapproved/],
      ['employee_status=fulltime', /employee_status "fulltime" is not allowed/],
      ['team_leader_ids=abc', /team_leader_ids must be numeric/],
    ] as const) {
      const response = await api.get(`/v2/employees?${query}`);
      assert.equal(response.statusCode, 422, query);
      assert.match(response.json().message, message);
    }
  });
});
