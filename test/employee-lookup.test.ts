import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import { openRuntime } from '../src/runtime.ts';
import type { Services } from '../src/services.ts';
import type { Db } from '../src/db/database.ts';
import type { EmployeeRow } from '../src/db/schema.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee, seedRequestBody } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { actingOn } from './helpers/test-client.ts';

// Ingestion caches employee lookups per process; a change made by another process must reach it.
let ctx: TestContext;
let other: { db: Db; services: Services; app: App };
before(async () => {
  ctx = await createTestContext();
  await ctx.services.start();
  // A second server process on the same database: its own services, caches and connection.
  const { db, services } = await openRuntime(ctx.config);
  other = { db, services, app: await buildApp(ctx.config, services) };
  await other.app.ready();
});
after(async () => {
  await other.app.close();
  await other.services.close();
  await other.db.close();
  await ctx.services.close();
  await ctx.close();
});

function post(app: App, company: CompanyCredentials, employee: EmployeeRow) {
  return actingOn(app)(company).post('/v1/requests', seedRequestBody({ email: employee.email, custom_id: employee.custom_id }, { brand: null, language: null }));
}

async function deactivate(app: App, company: CompanyCredentials, customId: string) {
  const response = await actingOn(app)(company).put(`/v2/employees/${customId}/deactivate`);
  assert.equal(response.statusCode, 200, response.body);
}

describe('employee lookups during ingestion', () => {
  it('a deactivation made by another process is honoured within the cache poll interval', async () => {
    const company = await createCompany(ctx.services);
    const employee = await createEmployee(ctx.services, company.id, { email: 'dana@blancapeak.com', customId: 'dana-1' });
    assert.equal((await post(ctx.app, company, employee)).statusCode, 200, 'the first request caches the employee');

    await deactivate(other.app, company, 'dana-1');

    const deadline = Date.now() + 5000;
    let refused = await post(ctx.app, company, employee);
    while (refused.statusCode === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = await post(ctx.app, company, employee);
    }
    assert.equal(refused.statusCode, 400, 'still accepted 5 s after another process deactivated the employee');
    assert.match(refused.json().validation_errors.join(' '), /not active \(deactivated\)/);
  });

  // On SQLite the writer thread reads request bodies with its own employee cache: this process's
  // changes must reach it before the next request, not after a poll.
  it('a deactivation made through this process is honoured by the very next request', async () => {
    const company = await createCompany(ctx.services);
    const employee = await createEmployee(ctx.services, company.id, { email: 'lee@blancapeak.com', customId: 'lee-1' });
    assert.equal((await post(ctx.app, company, employee)).statusCode, 200, 'the first request caches the employee');

    await deactivate(ctx.app, company, 'lee-1');

    const refused = await post(ctx.app, company, employee);
    assert.equal(refused.statusCode, 400, refused.body);
    assert.deepEqual(refused.json().validation_errors, ['employee.email matches an employee who is not active (deactivated)']);
  });
});
