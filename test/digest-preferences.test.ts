import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { setPassword, signIn } from './helpers/sessions.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function person(role = 'Team Leader') {
  const company = await createCompany(ctx.services);
  const employee = await createEmployee(ctx.services, company.id, { role });
  await setPassword(ctx.db, employee);
  return { company, employee, browser: await signIn(ctx.app, employee.email) };
}

const stored = async (companyId: number, id: number) =>
  (await ctx.db.kysely.selectFrom('employees').select('weekly_digest').where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow()).weekly_digest;

describe('PUT /app/api/me/preferences', () => {
  it('turns the weekly digest off and on; /app/api/me shows the current value', async () => {
    const { company, employee, browser } = await person();
    const other = await person('Admin');
    assert.equal((await browser.send(ctx.app, 'GET', '/app/api/me')).json().employee.weekly_digest, true, 'on by default');

    const off = await browser.send(ctx.app, 'PUT', '/app/api/me/preferences', { payload: { weekly_digest: false } });
    assert.equal(off.statusCode, 200, off.body);
    assert.deepEqual(off.json(), { weekly_digest: false });
    assert.equal(off.headers['cache-control'], 'no-store');
    assert.equal(await stored(company.id, employee.id), 0);
    assert.equal((await browser.send(ctx.app, 'GET', '/app/api/me')).json().employee.weekly_digest, false);
    assert.equal(await stored(other.company.id, other.employee.id), 1, "someone else's preference is untouched");

    const on = await browser.send(ctx.app, 'PUT', '/app/api/me/preferences', { payload: { weekly_digest: true } });
    assert.deepEqual(on.json(), { weekly_digest: true });
    assert.equal(await stored(company.id, employee.id), 1);
  });

  it('needs a session and its CSRF token', async () => {
    const { company, employee, browser } = await person();
    const anonymous = await ctx.app.inject({ method: 'PUT', url: '/app/api/me/preferences', payload: { weekly_digest: false } });
    assert.equal(anonymous.statusCode, 401);
    const noCsrf = await browser.send(ctx.app, 'PUT', '/app/api/me/preferences', { csrf: false, payload: { weekly_digest: false } });
    assert.equal(noCsrf.statusCode, 403);
    assert.match(noCsrf.json().message, /x-csrf-token/);
    const wrongCsrf = await browser.send(ctx.app, 'PUT', '/app/api/me/preferences', { csrf: 'not-the-token', payload: { weekly_digest: false } });
    assert.equal(wrongCsrf.statusCode, 403);
    assert.equal(await stored(company.id, employee.id), 1, 'nothing changed');
  });

  it('refuses a body without a boolean weekly_digest with 400 naming the field', async () => {
    const { company, employee, browser } = await person();
    for (const payload of [{ weekly_digest: 'no' }, { weekly_digest: 0 }, { weekly_digest: null }, {}, { weekly_digest: false, daily: true }]) {
      const response = await browser.send(ctx.app, 'PUT', '/app/api/me/preferences', { payload: payload as Record<string, unknown> });
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.match(response.json().message, 'daily' in payload ? /daily/ : /weekly_digest/, `${JSON.stringify(payload)}: ${response.body}`);
    }
    const notJson = await ctx.app.inject({ method: 'PUT', url: '/app/api/me/preferences', headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf, 'content-type': 'application/json' }, payload: '{"weekly_digest": fal' });
    assert.equal(notJson.statusCode, 400);
    assert.equal(await stored(company.id, employee.id), 1, 'nothing changed');
  });
});
