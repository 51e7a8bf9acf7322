import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import type { EmployeeRow } from '../src/db/schema.ts';
import { openRuntime } from '../src/runtime.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { PASSWORD, login, setPassword } from './helpers/sessions.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/** Login throttling: 10 failures in 15 minutes per account (email) or per client address, shared by every process. */
let ctx: TestContext;
let second: { app: App; close(): Promise<void> };
let company: CompanyCredentials;
let addresses = 0;
const newAddress = () => `10.2.${Math.floor(++addresses / 250)}.${addresses % 250}`;
const THROTTLED = /^Too many failed sign-in attempts; try again in (\d+) minutes?$/;

before(async () => {
  ctx = await createTestContext({ TRUST_PROXY: 'true' });
  const runtime = await openRuntime(ctx.config);
  const app = await buildApp(ctx.config, runtime.services);
  await app.ready();
  second = { app, close: async () => { await app.close(); await runtime.db.close(); } };
  company = await createCompany(ctx.services);
});
after(async () => {
  await second.close();
  await ctx.close();
});

async function employeeWithPassword(): Promise<EmployeeRow> {
  const employee = await createEmployee(ctx.services, company.id);
  await setPassword(ctx.db, employee);
  return employee;
}

const attempt = (email: string, password: string, address: string, app: App = ctx.app) => login(app, { email, password }, { 'x-forwarded-for': address });

async function fail(email: string, times: number, address: () => string, apps: App[] = [ctx.app]) {
  for (let i = 0; i < times; i++) assert.equal((await attempt(email, 'wrong password', address(), apps[i % apps.length])).statusCode, 401);
}

describe('login throttling', () => {
  it('answers 429 after 10 failures for one account, counted across processes, the same whether or not it exists', async () => {
    const employee = await employeeWithPassword();
    const unknown = `nobody.${addresses}@example.com`;
    for (const email of [employee.email, unknown]) {
      await fail(email, 10, newAddress, [ctx.app, second.app]);
    }
    const bodies = [];
    for (const email of [employee.email, unknown]) {
      const refused = await attempt(email, PASSWORD, newAddress());
      assert.equal(refused.statusCode, 429);
      const { message } = refused.json();
      assert.equal(THROTTLED.exec(message)?.[1], '15');
      assert.ok(Number(refused.headers['retry-after']) > 14 * 60 && Number(refused.headers['retry-after']) <= 15 * 60);
      bodies.push(refused.body);
    }
    assert.equal(bodies[0], bodies[1]);
    assert.equal((await attempt(employee.email.toUpperCase(), PASSWORD, newAddress(), second.app)).statusCode, 429);
  });

  it('answers 429 after 10 failures from one address, for every account, while other addresses still sign in', async () => {
    const employee = await employeeWithPassword();
    const address = newAddress();
    for (let i = 0; i < 10; i++) await fail(`someone.${i}@example.com`, 1, () => address);
    const refused = await attempt(employee.email, PASSWORD, address);
    assert.equal(refused.statusCode, 429);
    assert.match(refused.json().message, THROTTLED);
    assert.equal((await attempt(employee.email, PASSWORD, newAddress())).statusCode, 200);
  });

  it('lets a throttled account and address try again once the failures are 15 minutes old', async () => {
    const employee = await employeeWithPassword();
    const address = newAddress();
    await fail(employee.email, 10, () => address);
    assert.equal((await attempt(employee.email, PASSWORD, address)).statusCode, 429);
    await ctx.db.kysely.updateTable('login_failures').set({ failed_at: Date.now() - 14 * 60_000 }).where('subject', 'in', [employee.email, address]).execute();
    assert.equal(THROTTLED.exec((await attempt(employee.email, PASSWORD, address)).json().message)?.[1], '1');
    await ctx.db.kysely.updateTable('login_failures').set({ failed_at: Date.now() - 15 * 60_000 - 1000 }).where('subject', 'in', [employee.email, address]).execute();
    assert.equal((await attempt(employee.email, PASSWORD, address)).statusCode, 200);
  });

  it('forgets an account\'s failures on success, but not the address\'s', async () => {
    const employee = await employeeWithPassword();
    const address = newAddress();
    await fail(employee.email, 9, () => address);
    assert.equal((await attempt(employee.email, PASSWORD, address)).statusCode, 200);
    await fail(employee.email, 1, () => address);
    const refused = await attempt(employee.email, PASSWORD, address);
    assert.equal(refused.statusCode, 429, 'the address has 10 failures');
    await fail(employee.email, 8, newAddress);
    assert.equal((await attempt(employee.email, PASSWORD, newAddress())).statusCode, 200, 'the account has 9 since its success');
  });
});
