import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmployeeRow } from '../src/db/schema.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { PASSWORD, injectWith, login, setPassword, signIn } from './helpers/sessions.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let company: CompanyCredentials;
let leader: EmployeeRow;
let agent: EmployeeRow;
let admin: EmployeeRow;

/** Each test signs in from an address of its own, so the per-address throttle stays out of the way. */
let addresses = 0;
const from = () => ({ 'x-forwarded-for': `10.1.0.${++addresses}` });
const fromAnywhere = () => injectWith(ctx.app, from);

before(async () => {
  ctx = await createTestContext({ TRUST_PROXY: 'true' });
  company = await createCompany(ctx.services);
  leader = await createEmployee(ctx.services, company.id, { email: `lead@${company.subdomain}.example`, firstName: 'Lena', lastName: 'Lead', role: 'Team Leader' });
  agent = await createEmployee(ctx.services, company.id, { email: `agent@${company.subdomain}.example`, firstName: 'Aggie', lastName: 'Agent', teamLeaderId: leader.id });
  admin = await createEmployee(ctx.services, company.id, { email: `admin@${company.subdomain}.example`, role: 'Admin' });
  for (const employee of [leader, agent, admin]) await setPassword(ctx.db, employee);
});
after(() => ctx.close());

function cookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  return (Array.isArray(header) ? header : [header]).map(String).find((c) => c.startsWith('ac_session='))!;
}

describe('web app sign-in', () => {
  it('signs in with email and password and answers the employee, the company and a CSRF token', async () => {
    const response = await login(ctx.app, { email: agent.email.toUpperCase(), password: PASSWORD }, from());
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.employee, { id: agent.id, name: 'Aggie Agent', email: agent.email, role: 'Team Member [Default]', capabilities: [], permissions: [], sees: 'own', team_member_ids: [], weekly_digest: true, title: null, photo_url: null });
    assert.deepEqual(body.company, { subdomain: company.subdomain, name: `Company ${company.subdomain}` });
    assert.match(body.csrf_token, /^[0-9a-f]{64}$/);
    const cookie = cookieOf(response);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; Expires=/);
    assert.doesNotMatch(cookie, /; Secure/);
  });

  it('answers the same 401 for a wrong password, an unknown email, a deactivated or password-less account', async () => {
    const deactivated = await createEmployee(ctx.services, company.id);
    await setPassword(ctx.db, deactivated);
    await ctx.db.kysely.updateTable('employees').set({ status: 'deactivated' }).where('id', '=', deactivated.id).execute();
    const passwordless = await createEmployee(ctx.services, company.id);
    const bodies = [];
    for (const attempt of [
      { email: agent.email, password: 'wrong password' },
      { email: `nobody@${company.subdomain}.example`, password: PASSWORD },
      { email: deactivated.email, password: PASSWORD },
      { email: passwordless.email, password: PASSWORD },
    ]) {
      const response = await login(ctx.app, attempt, from());
      assert.equal(response.statusCode, 401, attempt.email);
      assert.equal(response.headers['set-cookie'], undefined);
      bodies.push(response.body);
    }
    assert.deepEqual(new Set(bodies), new Set([JSON.stringify({ error: 'Unauthorized', message: 'The email or password is not correct' })]));
  });

  it('sets Secure when the request came over HTTPS (a trusted proxy says so) or PUBLIC_URL is https', async () => {
    const overProxy = await login(ctx.app, { email: agent.email, password: PASSWORD }, { ...from(), 'x-forwarded-proto': 'https' });
    assert.match(cookieOf(overProxy), /; Secure/);
    const https = await createTestContext({ PUBLIC_URL: 'https://feedback.example' });
    try {
      const other = await createCompany(https.services);
      const employee = await createEmployee(https.services, other.id);
      await setPassword(https.db, employee);
      assert.match(cookieOf(await login(https.app, { email: employee.email, password: PASSWORD })), /; Secure/);
    } finally {
      await https.close();
    }
  });

  it('GET /app/api/me answers who is signed in, and 401 without a live session', async () => {
    const browser = await signIn(ctx.app, agent.email, PASSWORD, {}, fromAnywhere());
    const me = await browser.send(ctx.app, 'GET', '/app/api/me', { csrf: false });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().employee.id, agent.id);
    assert.equal(me.json().csrf_token, browser.csrf);
    assert.equal(me.headers['cache-control'], 'no-store');
    assert.equal((await ctx.app.inject('/app/api/me')).statusCode, 401);
    const forged = await ctx.app.inject({ url: '/app/api/me', headers: { cookie: 'ac_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    assert.deepEqual([forged.statusCode, forged.json().message], [401, 'Unauthorized: sign in first (no session, or it has ended)']);
  });

  it('refuses a state-changing request without the CSRF token or with a wrong one, and signs out with it', async () => {
    const browser = await signIn(ctx.app, agent.email, PASSWORD, {}, fromAnywhere());
    for (const csrf of [false, 'f'.repeat(64), 'short'] as (string | false)[]) {
      const refused = await browser.send(ctx.app, 'DELETE', '/app/api/session', { csrf });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().message, /x-csrf-token/);
    }
    assert.equal((await browser.send(ctx.app, 'GET', '/app/api/me')).statusCode, 200);
    const out = await browser.send(ctx.app, 'DELETE', '/app/api/session');
    assert.equal(out.statusCode, 204);
    assert.match(cookieOf(out), /^ac_session=;.*Expires=Thu, 01 Jan 1970/);
    assert.equal((await browser.send(ctx.app, 'GET', '/app/api/me')).statusCode, 401);
  });

  it('lists the caller\'s own sessions and revokes one of them, never another employee\'s', async () => {
    const send = injectWith(ctx.app, () => ({ ...from(), 'user-agent': 'Test Browser' }));
    const first = await signIn(ctx.app, admin.email, PASSWORD, {}, send);
    const second = await signIn(ctx.app, admin.email, PASSWORD, {}, send);
    const other = await signIn(ctx.app, leader.email, PASSWORD, {}, send);
    const list = (await first.send(ctx.app, 'GET', '/app/api/sessions')).json().sessions;
    assert.deepEqual(list.map((s: { id: number }) => s.id).sort(), [first.sessionId, second.sessionId].sort());
    assert.deepEqual(list.filter((s: { current: boolean }) => s.current).map((s: { id: number }) => s.id), [first.sessionId]);
    assert.equal(list[0].user_agent, 'Test Browser');
    assert.equal((await first.send(ctx.app, 'DELETE', `/app/api/sessions/${other.sessionId}`)).statusCode, 404);
    assert.equal((await other.send(ctx.app, 'GET', '/app/api/me')).statusCode, 200);
    assert.equal((await first.send(ctx.app, 'DELETE', `/app/api/sessions/${second.sessionId}`, { csrf: false })).statusCode, 403);
    assert.equal((await first.send(ctx.app, 'DELETE', `/app/api/sessions/${second.sessionId}`)).statusCode, 204);
    assert.equal((await second.send(ctx.app, 'GET', '/app/api/me')).statusCode, 401);
    assert.equal((await first.send(ctx.app, 'GET', '/app/api/me')).statusCode, 200);
  });

  it('asks for the company when the email and password match in several, and never crosses companies', async () => {
    const [one, two] = [await createCompany(ctx.services), await createCompany(ctx.services)];
    const email = `shared@${one.subdomain}.example`;
    const inOne = await createEmployee(ctx.services, one.id, { email });
    const inTwo = await createEmployee(ctx.services, two.id, { email, role: 'Admin' });
    await setPassword(ctx.db, inOne);
    await setPassword(ctx.db, inTwo);
    const ambiguous = await login(ctx.app, { email, password: PASSWORD }, from());
    assert.equal(ambiguous.statusCode, 400);
    assert.match(ambiguous.json().message, /several companies .*send company/);
    const send = fromAnywhere();
    const a = await signIn(ctx.app, email, PASSWORD, { company: one.subdomain }, send);
    const b = await signIn(ctx.app, email, PASSWORD, { company: two.subdomain.toUpperCase() }, send);
    const meA = (await a.send(ctx.app, 'GET', '/app/api/me')).json();
    const meB = (await b.send(ctx.app, 'GET', '/app/api/me')).json();
    assert.deepEqual([meA.company.subdomain, meA.employee.id, meA.employee.sees], [one.subdomain, inOne.id, 'own']);
    assert.deepEqual([meB.company.subdomain, meB.employee.id, meB.employee.sees], [two.subdomain, inTwo.id, 'company']);
    assert.deepEqual((await a.send(ctx.app, 'GET', '/app/api/sessions')).json().sessions.map((s: { id: number }) => s.id), [a.sessionId]);
    assert.equal((await a.send(ctx.app, 'DELETE', `/app/api/sessions/${b.sessionId}`)).statusCode, 404);
    assert.equal((await b.send(ctx.app, 'GET', '/app/api/me')).statusCode, 200);
    const wrongCompany = await login(ctx.app, { email: agent.email, password: PASSWORD, company: one.subdomain }, from());
    assert.equal(wrongCompany.statusCode, 401);
  });

  it('gives a team leader the scope of their team and an admin the company', async () => {
    const send = fromAnywhere();
    const lead = (await (await signIn(ctx.app, leader.email, PASSWORD, {}, send)).send(ctx.app, 'GET', '/app/api/me')).json();
    assert.deepEqual([lead.employee.sees, lead.employee.team_member_ids, lead.employee.capabilities.sort()], ['team', [agent.id], ['can_coach', 'can_review']]);
    const boss = (await (await signIn(ctx.app, admin.email, PASSWORD, {}, send)).send(ctx.app, 'GET', '/app/api/me')).json();
    assert.equal(boss.employee.sees, 'company');
    assert.ok(boss.employee.capabilities.includes('admin'));
  });
});
