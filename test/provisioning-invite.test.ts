import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../src/lib/secrets.ts';
import { verifyPassword } from '../src/lib/passwords.ts';
import { buildInviteEmail } from '../src/modules/employees/invite-email.ts';
import { createCompany, seedRequestBody, uniqueName } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const PUBLIC_URL = 'https://feedback.example.com';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ PUBLIC_URL });
});
after(() => ctx.close());

/** Invites an employee through the API and renders the welcome email as the outbox worker will. */
async function invite(overrides: Record<string, unknown> = {}) {
  const company = await createCompany(ctx.services, { name: 'Blanca Peak' });
  const api = ctx.as(company);
  const response = await api.post('/v2/employees/invite', { email: `new.${uniqueName('')}@example.com`, first_name: 'Ada', ...overrides });
  assert.equal(response.statusCode, 201, response.body);
  const employee = response.json();
  const outbox = await ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).where('kind', '=', 'employee_invite').execute();
  assert.equal(outbox.length, 1);
  const email = await ctx.services.invites.prepareInviteEmail(company.id, JSON.parse(outbox[0].payload));
  assert.ok(email);
  const link = email.text.match(/https:\/\/\S+/)![0];
  const path = link.slice(PUBLIC_URL.length);
  return { company, api, employee, outbox: outbox[0], email, link, path, token: path.split('/').pop()! };
}

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

function feedbackRequest(apiKey: string, email: string) {
  return ctx.app.inject({
    method: 'POST',
    url: '/v1/requests',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    payload: JSON.stringify(seedRequestBody({ email, custom_id: null }, { brand: null, language: null })),
  });
}

describe('POST /v2/employees/invite', () => {
  it('creates a pending employee and an employee_invite outbox row in the same write', async () => {
    const { company, employee, outbox, email, link } = await invite({ custom_employee_id: 'inv-1', temporary_password: 'Temporary1' });
    assert.equal(employee.status, 'pending');
    assert.deepEqual(JSON.parse(outbox.payload), { employee_id: (await row(company.id, employee.email)).id });
    assert.equal(outbox.status, 'pending');
    assert.equal(outbox.interaction_id, null);
    assert.equal(email.to, employee.email);
    assert.equal(email.subject, "You're invited to Blanca Peak on Agent Connect");
    assert.match(email.text, /^Hi Ada,/);
    assert.ok(email.html.includes(`href="${link}"`));
    assert.equal(email.link, link);
    assert.equal(email.fromName, 'Blanca Peak via Agent Connect');
    assert.match(link, /^https:\/\/feedback\.example\.com\/invite\/[A-Za-z0-9_-]{40,}$/);
    const refused = await feedbackRequest(company.api_key, employee.email);
    assert.equal(refused.statusCode, 400, 'a pending employee cannot be named in requests yet');
    const stored = await row(company.id, employee.email);
    assert.equal(stored.password_must_change, 1);
    assert.equal(await verifyPassword('Temporary1', stored.password_hash!), true);
  });

  it('stores only the hash of the set-password token', async () => {
    const { company, token, employee } = await invite();
    const invites = await ctx.db.kysely.selectFrom('employee_invites').selectAll().where('company_id', '=', company.id).execute();
    assert.equal(invites.length, 1);
    assert.equal(invites[0].token_hash, sha256Hex(token));
    assert.equal(invites[0].employee_id, (await row(company.id, employee.email)).id);
    assert.ok(invites[0].expires_at > Date.now() + 6 * 86_400_000);
    const outboxText = JSON.stringify(await ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', company.id).execute());
    assert.ok(!outboxText.includes(token));
  });

  it('buildInviteEmail escapes HTML in names', () => {
    const email = buildInviteEmail({ name: 'A<b>&Co' }, { email: 'x@example.com', first_name: '<script>' }, 'https://h/invite/t?a=1&b=2', 7);
    assert.ok(!email.html.includes('<script>'));
    assert.ok(email.html.includes('A&lt;b&gt;&amp;Co'));
    assert.ok(email.html.includes('href="https://h/invite/t?a=1&amp;b=2"'));
    assert.ok(email.text.includes('https://h/invite/t?a=1&b=2'));
  });
});

async function row(companyId: number, email: string) {
  return ctx.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('email_key', '=', email).executeTakeFirstOrThrow();
}

/** The session cookie a response set (HttpOnly, SameSite=Lax, Path=/, Secure: the public URL is https), as a Cookie header. */
function signedInCookie(response: { cookies: { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string }[]; headers: Record<string, unknown> }): string {
  const cookie = response.cookies.find((c) => c.name === 'ac_session');
  assert.ok(cookie, `a session cookie is set: ${JSON.stringify(response.headers['set-cookie'])}`);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.secure, true);
  assert.equal(cookie.path, '/');
  assert.equal(response.headers['cache-control'], 'no-store');
  return `ac_session=${cookie.value}`;
}

describe('the set-password page', () => {
  it('shows a form, sets the password (scrypt), activates the employee, and works once', async () => {
    const { company, employee, path } = await invite();
    const page = await ctx.app.inject({ method: 'GET', url: path });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.match(page.body, /<form method="post"/);
    assert.ok(page.body.includes(employee.email));

    const mismatch = await form(path, { password: 'correct horse battery', password_confirmation: 'correct horse' });
    assert.equal(mismatch.statusCode, 422);
    assert.match(mismatch.body, /The two passwords do not match/);
    const short = await form(path, { password: 'short', password_confirmation: 'short' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /at least 8 characters/);
    assert.equal((await row(company.id, employee.email)).status, 'pending', 'refused attempts change nothing');

    const done = await form(path, { password: 'correct horse battery', password_confirmation: 'correct horse battery' }, { origin: 'http://localhost:80' });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, '/', 'on to the Stream');
    const session = signedInCookie(done);
    const stored = await row(company.id, employee.email);
    assert.equal(stored.status, 'active');
    assert.equal(stored.password_must_change, 0);
    assert.ok(stored.last_active_at! > Date.now() - 60_000);
    assert.equal(await verifyPassword('correct horse battery', stored.password_hash!), true);
    assert.equal((await feedbackRequest(company.api_key, employee.email)).statusCode, 200, 'now they can be named in requests');
    const me = await ctx.app.inject({ method: 'GET', url: '/app/api/me', headers: { cookie: session } });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().employee.email, employee.email);
    assert.equal(me.json().employee.id, stored.id);
    assert.equal(me.json().company.subdomain, company.subdomain);
    const listed = await ctx.as(company).get('/v2/employees?status=confirmed');
    assert.deepEqual(listed.json().employees.map((e: { email: string }) => e.email), [employee.email]);

    const again = await ctx.app.inject({ method: 'GET', url: path });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already been used/);
    const reuse = await form(path, { password: 'another password', password_confirmation: 'another password' });
    assert.equal(reuse.statusCode, 410);
    assert.equal(await verifyPassword('correct horse battery', (await row(company.id, employee.email)).password_hash!), true);
  });

  it('friendly 404 for unknown tokens and 410 for expired ones or deactivated employees', async () => {
    const unknown = await ctx.app.inject({ method: 'GET', url: '/invite/this-token-does-not-exist-anywhere' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /This link is not valid/);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/invite/x' })).statusCode, 404);

    const expired = await invite();
    await ctx.db.kysely.updateTable('employee_invites').set({ expires_at: Date.now() - 1 }).where('company_id', '=', expired.company.id).execute();
    const page = await ctx.app.inject({ method: 'GET', url: expired.path });
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /expired/);
    const post = await form(expired.path, { password: 'long enough pw', password_confirmation: 'long enough pw' });
    assert.equal(post.statusCode, 410);
    assert.equal((await row(expired.company.id, expired.employee.email)).status, 'pending');

    const deactivated = await invite();
    await deactivated.api.put(`/v2/employees/${encodeURIComponent(deactivated.employee.email)}/deactivate`);
    assert.equal((await ctx.app.inject({ method: 'GET', url: deactivated.path })).statusCode, 410);
    assert.equal(await ctx.services.invites.prepareInviteEmail(deactivated.company.id, { employee_id: 1 }), null);
  });

  it('refuses cross-site form posts', async () => {
    const { company, employee, path } = await invite();
    const fields = { password: 'long enough pw', password_confirmation: 'long enough pw' };
    const evil = await form(path, fields, { origin: 'https://evil.example' });
    assert.equal(evil.statusCode, 403);
    for (const site of ['cross-site', 'same-site']) {
      const fetchMeta = await form(path, fields, { 'sec-fetch-site': site, origin: 'null' });
      assert.equal(fetchMeta.statusCode, 403, site);
    }
    assert.equal((await row(company.id, employee.email)).status, 'pending');
    const same = await form(path, fields, { origin: PUBLIC_URL });
    assert.equal(same.statusCode, 303);
  });

  it("ends the employee's earlier sessions first, then signs them in with a new one", async () => {
    const { company, employee, path } = await invite();
    const first = signedInCookie(await form(path, { password: 'first long password', password_confirmation: 'first long password' }));
    const me = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/app/api/me', headers: { cookie } });
    assert.equal((await me(first)).statusCode, 200);
    const id = (await row(company.id, employee.email)).id;
    const link = await ctx.services.invites.issueLink(company.id, id);
    const second = await form(link.slice(PUBLIC_URL.length), { password: 'second long password', password_confirmation: 'second long password' });
    assert.equal(second.statusCode, 303);
    const secondCookie = signedInCookie(second);
    assert.notEqual(secondCookie, first);
    assert.equal((await me(first)).statusCode, 401, 'the earlier session has ended');
    const now = await me(secondCookie);
    assert.equal(now.statusCode, 200);
    const sessions = await ctx.app.inject({ method: 'GET', url: '/app/api/sessions', headers: { cookie: secondCookie } });
    assert.deepEqual(sessions.json().sessions.map((s: { id: number }) => s.id), [now.json().session.id], 'only the new session is left');
  });

  it('the outbox handler sends nothing once the employee is active, and each rendering issues a fresh link', async () => {
    const { company, outbox, path } = await invite();
    const payload = JSON.parse(outbox.payload);
    const second = await ctx.services.invites.prepareInviteEmail(company.id, payload);
    assert.ok(second && !second.text.includes(path), 'a new token');
    await form(path, { password: 'long enough pw', password_confirmation: 'long enough pw' });
    assert.equal(await ctx.services.invites.prepareInviteEmail(company.id, payload), null);
    const secondPath = second.text.match(/https:\/\/\S+/)![0].slice(PUBLIC_URL.length);
    assert.equal((await ctx.app.inject({ method: 'GET', url: secondPath })).statusCode, 410, 'setting the password retires every link');
  });
});
