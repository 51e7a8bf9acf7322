import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmployeeRow } from '../src/db/schema.ts';
import { can, interactionFilter } from '../src/modules/access/policy.ts';
import { apiKeyScope, employeeScope, type Scope } from '../src/modules/access/scope.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { DataReturnRepository } from '../src/modules/data-return/repository.ts';
import { EmployeesRepository } from '../src/modules/employees/employees.repository.ts';
import { RolesRepository } from '../src/modules/employees/roles.repository.ts';
import { createCompany, createEmployee, seedRequestBody } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

// A small real org chart: the employees repository loads what a scope needs, and the data-return
// repository narrows a company's interactions to it.
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function request(company: CompanyCredentials, employee: EmployeeRow, key: 'production' | 'test' = 'production'): Promise<string> {
  const body = seedRequestBody({ email: employee.email, custom_id: employee.custom_id }, { brand: null, language: null });
  const response = await ctx.as(company, { key, jwt: false }).post('/v1/requests', body);
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ request_id: string }>().request_id;
}

async function scopeOf(companyId: number, employee: EmployeeRow): Promise<Scope> {
  const company = (await ctx.services.credentials.company(companyId))!;
  const row = await ctx.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', employee.id).executeTakeFirstOrThrow();
  const role = await new RolesRepository(ctx.db.kysely).findRole(companyId, row.role);
  return employeeScope(company, row, role, await new EmployeesRepository(ctx.db.kysely).reach(companyId, employee.id));
}

async function visibleUuids(scope: Scope): Promise<string[]> {
  const rows = await new DataReturnRepository(ctx.db.kysely).interactionsAfter(scope.company.id, { ...interactionFilter(scope), includeRecovery: true }, 0, 1000);
  return rows.map((row) => row.uuid).sort();
}

describe('employee scopes on a real org chart', () => {
  it('load the team and the reported groups, and read exactly their interactions', async () => {
    const company = await createCompany(ctx.services);
    const other = await createCompany(ctx.services);
    const add = (role: string, teamLeaderId: number | null = null) => createEmployee(ctx.services, company.id, { role, teamLeaderId, manageTeam: role === 'Team Leader' });
    const lead = await add('Team Leader');
    const [a1, a2] = [await add('Team Member [Default]', lead.id), await add('Team Member [Default]', lead.id)];
    const [b1, qa, allFeedback, admin] = [await add('Team Member [Default]'), await add('QA Reviewer'), await add('Team Member [Default]'), await add('Admin')];
    const stranger = await createEmployee(ctx.services, other.id);
    await ctx.db.kysely.updateTable('employees').set({ permissions: JSON.stringify(['view_all_feedback']) }).where('company_id', '=', company.id).where('id', '=', allFeedback.id).execute();
    const north = await ctx.services.roles.addGroup(company.id, 'North');
    const south = await ctx.services.roles.addGroup(company.id, 'South');
    const otherGroup = await ctx.services.roles.addGroup(other.id, 'North');
    await ctx.db.kysely
      .insertInto('employee_groups')
      .values([
        { company_id: company.id, employee_id: a2.id, group_id: north.id, kind: 'member' },
        { company_id: company.id, employee_id: b1.id, group_id: north.id, kind: 'member' },
        { company_id: company.id, employee_id: a1.id, group_id: south.id, kind: 'member' },
        { company_id: company.id, employee_id: qa.id, group_id: north.id, kind: 'reporting' },
        { company_id: other.id, employee_id: stranger.id, group_id: otherGroup.id, kind: 'member' },
      ])
      .execute();

    const uuid = new Map<EmployeeRow, string>();
    for (const employee of [lead, a1, a2, b1, qa, allFeedback, admin]) uuid.set(employee, await request(company, employee));
    const testRequest = await request(company, a1, 'test');
    await request(other, stranger);
    const of = (...employees: EmployeeRow[]) => employees.map((e) => uuid.get(e)!).sort();

    const reach = new EmployeesRepository(ctx.db.kysely);
    assert.deepEqual(await reach.reach(company.id, lead.id), { teamMemberIds: [a1.id, a2.id], reportingGroupIds: [], reportingGroupMemberIds: [] });
    assert.deepEqual(await reach.reach(company.id, qa.id), { teamMemberIds: [], reportingGroupIds: [north.id], reportingGroupMemberIds: [a2.id, b1.id] });
    assert.deepEqual(await reach.reach(other.id, qa.id), { teamMemberIds: [], reportingGroupIds: [], reportingGroupMemberIds: [] }, 'company first');

    assert.deepEqual(await visibleUuids(await scopeOf(company.id, a1)), of(a1));
    assert.deepEqual(await visibleUuids(await scopeOf(company.id, lead)), of(lead, a1, a2));
    assert.deepEqual(await visibleUuids(await scopeOf(company.id, qa)), of(qa, a2, b1));
    const everyone = of(lead, a1, a2, b1, qa, allFeedback, admin);
    assert.deepEqual(await visibleUuids(await scopeOf(company.id, allFeedback)), everyone);
    assert.deepEqual(await visibleUuids(await scopeOf(company.id, admin)), everyone);

    const companyRow = (await ctx.services.credentials.company(company.id))!;
    assert.deepEqual(await visibleUuids(apiKeyScope(companyRow, 'production')), everyone);
    assert.deepEqual(await visibleUuids(apiKeyScope(companyRow, 'test')), [testRequest]);

    const leadScope = await scopeOf(company.id, lead);
    assert.equal(can(leadScope, 'coach', { companyId: company.id, employeeId: a2.id }), true);
    assert.equal(can(leadScope, 'coach', { companyId: company.id, employeeId: b1.id }), false);
    assert.equal(can(leadScope, 'read-feedback', { companyId: other.id, employeeId: stranger.id }), false);
  });
});
