import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import type { EmployeeRow } from '../src/db/schema.ts';
import { openRuntime } from '../src/runtime.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { setPassword, signIn, type Browser } from './helpers/sessions.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/** Deactivation, a role change and a new password end an employee's sessions at once, also in another process on the same database. */
let ctx: TestContext;
let other: App;
let closeOther: () => Promise<void>;
let company: CompanyCredentials;

before(async () => {
  ctx = await createTestContext();
  const runtime = await openRuntime(ctx.config);
  other = await buildApp(ctx.config, runtime.services);
  await other.ready();
  closeOther = async () => {
    await other.close();
    await runtime.db.close();
  };
  company = await createCompany(ctx.services);
});
after(async () => {
  await closeOther();
  await ctx.close();
});

async function signedInTwice(): Promise<{ employee: EmployeeRow; browsers: Browser[] }> {
  const employee = await createEmployee(ctx.services, company.id);
  await setPassword(ctx.db, employee);
  const browsers = [await signIn(ctx.app, employee.email), await signIn(other, employee.email)];
  for (const browser of browsers) for (const app of [ctx.app, other]) assert.equal((await browser.send(app, 'GET', '/app/api/me')).statusCode, 200);
  return { employee, browsers };
}

async function assertSignedOut(browsers: Browser[]) {
  for (const browser of browsers) for (const app of [ctx.app, other]) assert.equal((await browser.send(app, 'GET', '/app/api/me')).statusCode, 401);
}

describe('session revocation', () => {
  it('ends every session when the provisioning API deactivates the employee', async () => {
    const { employee, browsers } = await signedInTwice();
    assert.equal((await ctx.as(company).put(`/v2/employees/${encodeURIComponent(employee.email)}/deactivate`, undefined)).statusCode, 200);
    await assertSignedOut(browsers);
    assert.equal((await ctx.db.kysely.selectFrom('sessions').select('id').where('employee_id', '=', employee.id).execute()).length, 0);
  });

  it('ends every session on a role change or a new temporary password, not on other changes', async () => {
    const { employee, browsers } = await signedInTwice();
    const ref = `/v2/employees/${encodeURIComponent(employee.email)}`;
    assert.equal((await ctx.as(company).put(ref, { hometown: 'Denver' })).statusCode, 200);
    for (const browser of browsers) assert.equal((await browser.send(other, 'GET', '/app/api/me')).statusCode, 200);
    assert.equal((await ctx.as(company).put(ref, { role: 'Team Leader' })).statusCode, 200);
    await assertSignedOut(browsers);

    const again = [await signIn(other, employee.email)];
    assert.equal((await ctx.as(company).put(ref, { temporary_password: 'Temporary-Passw0rd!' })).statusCode, 200);
    await assertSignedOut(again);
  });

  it('ends every session when the invite flow sets a new password', async () => {
    const { employee, browsers } = await signedInTwice();
    const token = (await ctx.services.invites.issueLink(company.id, employee.id)).split('/').pop()!;
    assert.deepEqual(await ctx.services.invites.setPassword(token, 'a brand new password', 'a brand new password'), { ok: true });
    await assertSignedOut(browsers);
    assert.equal((await (await signIn(other, employee.email, 'a brand new password')).send(ctx.app, 'GET', '/app/api/me')).statusCode, 200);
  });

  it('ends every session when a "forgot password" link sets a new password', async () => {
    const { employee, browsers } = await signedInTwice();
    const link = await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: employee.id });
    const token = link!.link.split('/').pop()!;
    assert.deepEqual(await ctx.services.passwordResets.reset(token, 'a reset password'), { ok: true });
    await assertSignedOut(browsers);
    assert.equal((await (await signIn(other, employee.email, 'a reset password')).send(ctx.app, 'GET', '/app/api/me')).statusCode, 200);
  });

  it('refuses a session whose employee was deactivated behind its back', async () => {
    const { employee, browsers } = await signedInTwice();
    await ctx.db.kysely.updateTable('employees').set({ status: 'deactivated' }).where('id', '=', employee.id).execute();
    await assertSignedOut(browsers);
  });
});
