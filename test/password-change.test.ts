import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../src/app.ts';
import type { EmployeeRow } from '../src/db/schema.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { openRuntime } from '../src/runtime.ts';
import { createEmployee } from './helpers/factories.ts';
import { assertNoSecrets, createSecurityContext, type SecurityContext } from './helpers/security.ts';
import { injectWith, login, PASSWORD, setPassword, signIn, type Browser } from './helpers/sessions.ts';

/** PUT /app/api/me/password: the signed-in employee changes their password; every session of theirs ends, in every process. */
let ctx: SecurityContext;
let other: App;
let closeOther: () => Promise<void>;
let otherLogs = '';
let company: CompanyCredentials;
let addresses = 0;
const newAddress = () => `10.9.${Math.floor(++addresses / 250)}.${addresses % 250}`;
const NEW_PASSWORD = 'a brand new password 42';

before(async () => {
  ctx = await createSecurityContext({ TRUST_PROXY: 'true' });
  const runtime = await openRuntime(ctx.config);
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      otherLogs += chunk.toString();
      done();
    },
  });
  other = await buildApp(ctx.config, runtime.services, { logStream });
  await other.ready();
  closeOther = async () => {
    await other.close();
    await runtime.db.close();
  };
  company = await ctx.company();
  ctx.remember('password', PASSWORD, NEW_PASSWORD);
});
after(async () => {
  await closeOther();
  // Also checks that no password reached the logs (LOG_LEVEL=trace).
  await ctx.closeAndCheckLogs();
  assert.match(otherLogs, /"url":"\/app\/api\/me\/password"/);
  assertNoSecrets(otherLogs, ctx.secrets, "the other process's logs");
});

async function employeeWithPassword(): Promise<EmployeeRow> {
  const employee = await createEmployee(ctx.services, company.id);
  await setPassword(ctx.db, employee);
  return employee;
}

function change(browser: Browser, body: Record<string, unknown>, options: { app?: App; csrf?: false; address?: string } = {}) {
  const address = options.address ?? newAddress();
  return browser.send(options.app ?? ctx.app, 'PUT', '/app/api/me/password', { payload: body, csrf: options.csrf, send: injectWith(options.app ?? ctx.app, () => ({ 'x-forwarded-for': address })) });
}

async function storedHash(employee: EmployeeRow) {
  return (await ctx.db.kysely.selectFrom('employees').select(['password_hash', 'updated_at']).where('id', '=', employee.id).executeTakeFirstOrThrow());
}

const status = async (browser: Browser, app: App) => (await browser.send(app, 'GET', '/app/api/me')).statusCode;

describe('changing your password', () => {
  it('stores the new password, ends every session of the employee in every process, and opens a new one for this browser', async () => {
    const employee = await employeeWithPassword();
    await ctx.db.kysely.updateTable('employees').set({ password_must_change: 1 }).where('id', '=', employee.id).execute();
    const here = await signIn(ctx.app, employee.email);
    const elsewhere = await signIn(other, employee.email);
    const response = await change(here, { current_password: PASSWORD, new_password: NEW_PASSWORD });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.employee.id, employee.id);
    assert.notEqual(body.csrf_token, here.csrf);
    assert.notEqual(body.session.id, here.sessionId);
    const cookie = response.cookies.find((c) => c.name === 'ac_session')!;
    assert.ok(cookie.httpOnly);

    for (const app of [ctx.app, other]) {
      assert.equal(await status(here, app), 401, 'the old cookie has ended');
      assert.equal(await status(elsewhere, app), 401, "another browser's session has ended");
    }
    const renewed: Browser = { ...here, cookie: `ac_session=${cookie.value}`, csrf: body.csrf_token };
    for (const app of [ctx.app, other]) {
      const me = await app.inject({ url: '/app/api/me', headers: { cookie: renewed.cookie } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().csrf_token, body.csrf_token);
    }
    // The new session's CSRF token works for writes.
    const signOut = await other.inject({ method: 'DELETE', url: '/app/api/session', headers: { cookie: renewed.cookie, 'x-csrf-token': body.csrf_token } });
    assert.equal(signOut.statusCode, 204);

    assert.equal((await login(other, { email: employee.email, password: PASSWORD }, { 'x-forwarded-for': newAddress() })).statusCode, 401);
    assert.equal((await login(ctx.app, { email: employee.email, password: NEW_PASSWORD }, { 'x-forwarded-for': newAddress() })).statusCode, 200);
    const row = await ctx.db.kysely.selectFrom('employees').select(['password_must_change']).where('id', '=', employee.id).executeTakeFirstOrThrow();
    assert.equal(Number(row.password_must_change), 0);
  });

  it('refuses a wrong current password with 400 naming current_password, and changes nothing', async () => {
    const employee = await employeeWithPassword();
    const before = await storedHash(employee);
    const browser = await signIn(ctx.app, employee.email);
    const response = await change(browser, { current_password: 'not the password', new_password: NEW_PASSWORD });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(Object.keys(response.json()).sort(), ['error', 'message']);
    assert.match(response.json().message, /current_password/);
    assert.deepEqual(await storedHash(employee), before);
    assert.equal(await status(browser, other), 200, 'the session goes on');
    assert.equal((await login(ctx.app, { email: employee.email, password: NEW_PASSWORD }, { 'x-forwarded-for': newAddress() })).statusCode, 401);
  });

  it('refuses a new password that is too short, too long or the current one with 400 naming new_password', async () => {
    const employee = await employeeWithPassword();
    const before = await storedHash(employee);
    const browser = await signIn(ctx.app, employee.email);
    for (const [newPassword, pattern] of [
      ['short', /at least 8 characters/],
      ['', /at least 8 characters/],
      ['x'.repeat(201), /at most 200 characters/],
      [PASSWORD, /differ from the current one/],
    ] as const) {
      const response = await change(browser, { current_password: PASSWORD, new_password: newPassword });
      assert.equal(response.statusCode, 400, newPassword);
      assert.match(response.json().message, /new_password/);
      assert.match(response.json().message, pattern);
    }
    const missing = await change(browser, { current_password: PASSWORD });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().message, /new_password/);
    assert.deepEqual(await storedHash(employee), before);
    assert.equal(await status(browser, ctx.app), 200);
  });

  it('needs the CSRF token (403) and a session (401)', async () => {
    const employee = await employeeWithPassword();
    const browser = await signIn(ctx.app, employee.email);
    const before = await storedHash(employee);
    const noCsrf = await change(browser, { current_password: PASSWORD, new_password: NEW_PASSWORD }, { csrf: false });
    assert.equal(noCsrf.statusCode, 403);
    const noSession = await ctx.app.inject({ method: 'PUT', url: '/app/api/me/password', payload: { current_password: PASSWORD, new_password: NEW_PASSWORD }, headers: { 'x-csrf-token': browser.csrf } });
    assert.equal(noSession.statusCode, 401);
    assert.deepEqual(await storedHash(employee), before);
    assert.equal(await status(browser, ctx.app), 200);
  });

  it('counts a wrong current password as a failed sign-in: 429 with Retry-After after 10, for the account and for the address', async () => {
    const employee = await employeeWithPassword();
    const browser = await signIn(ctx.app, employee.email);
    for (let i = 0; i < 10; i += 1) {
      const apps = [ctx.app, other];
      assert.equal((await change(browser, { current_password: `wrong ${i}`, new_password: NEW_PASSWORD }, { app: apps[i % 2] })).statusCode, 400);
    }
    const refused = await change(browser, { current_password: PASSWORD, new_password: NEW_PASSWORD }, { app: other });
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.match(refused.json().message, /^Too many failed sign-in attempts/);
    // Sign-in with the right password is throttled for this account too.
    assert.equal((await login(ctx.app, { email: employee.email, password: PASSWORD }, { 'x-forwarded-for': newAddress() })).statusCode, 429);

    // Per address: 10 wrong current passwords from one address throttle that address for everyone.
    const someone = await employeeWithPassword();
    const someoneElse = await employeeWithPassword();
    const address = newAddress();
    const first = await signIn(ctx.app, someone.email);
    for (let i = 0; i < 10; i += 1) {
      assert.equal((await change(first, { current_password: `wrong ${i}`, new_password: NEW_PASSWORD }, { address })).statusCode, 400);
    }
    assert.equal((await login(ctx.app, { email: someoneElse.email, password: PASSWORD }, { 'x-forwarded-for': address })).statusCode, 429);
    const second = await signIn(ctx.app, someoneElse.email);
    assert.equal((await change(second, { current_password: PASSWORD, new_password: NEW_PASSWORD }, { address })).statusCode, 429);
  });
});
