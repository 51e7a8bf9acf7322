import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany } from './helpers/factories.ts';
import { employeeBody } from './helpers/provisioning.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let company: CompanyCredentials;
const existing = 'someone@example.com';
before(async () => {
  ctx = await createTestContext();
  company = await createCompany(ctx.services);
  await ctx.services.roles.addGroup(company.id, 'Group A');
  const created = await send('POST', '/v2/employees', JSON.stringify(employeeBody('x', { email: existing, manage_team: true })));
  assert.equal(created.statusCode, 201);
});
after(() => ctx.close());

async function send(method: 'POST' | 'PUT', url: string, payload: string, contentType = 'application/json') {
  return ctx.as(company).send(method, url, undefined, { payload, headers: { 'content-type': contentType } });
}

const FIELDS = ['email', 'custom_employee_id', 'first_name', 'last_name', 'temporary_password', 'team_leader_id', 'team_leader_email', 'role', 'manage_team', 'license_type', 'channels', 'employment_status', 'start_date', 'image', 'groups', 'reporting_groups', 'permissions'];

const anyValue = fc.oneof(
  fc.string(),
  fc.constantFrom('', 'unassigned', 'Group A', 'full-time', 'standard', '2023-02-05', '99999999999999999999', existing, 'https://x.example/a.png', '\u0000', 'a'.repeat(6000)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant('Group A')), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

describe('bodies that are not an employee', () => {
  it('malformed JSON, empty bodies, arrays, scalars and forms get a 4xx JSON answer', async () => {
    const cases: [string, string, number][] = [
      ['{"email": ', 'application/json', 400],
      ['', 'application/json', 422],
      ['[]', 'application/json', 422],
      ['"a string"', 'application/json', 422],
      ['null', 'application/json', 422],
      ['{"__proto__": {"admin": true}}', 'application/json', 400],
      ['email=a%40b.com', 'application/x-www-form-urlencoded', 415],
    ];
    for (const [payload, contentType, status] of cases) {
      for (const [method, url] of [['POST', '/v2/employees'], ['POST', '/v2/employees/invite'], ['PUT', `/v2/employees/${existing}`]] as const) {
        const response = await send(method, url, payload, contentType);
        assert.equal(response.statusCode, status, `${method} ${url} ${contentType} ${payload}: ${response.body}`);
        assert.equal(typeof response.json().message, 'string');
      }
    }
  });

  it('random field values never cause a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 6 }), fc.boolean(), async (fields, create) => {
        const { email: _email, ...kept } = fields;
        const body = create ? { ...employeeBody(String(Math.random()).slice(2)), ...fields } : kept;
        const response = await send(create ? 'POST' : 'PUT', create ? '/v2/employees' : `/v2/employees/${existing}`, JSON.stringify(body));
        assert.ok([200, 201, 422].includes(response.statusCode), `${response.statusCode} ${response.body} for ${JSON.stringify(body).slice(0, 500)}`);
      }),
      { numRuns: 150 },
    );
  });
});
