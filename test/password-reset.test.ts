import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../src/lib/passwords.ts';
import { sha256Hex } from '../src/lib/secrets.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { PasswordResetService } from '../src/modules/employees/password-reset.service.ts';
import { PasswordResetsRepository } from '../src/modules/employees/password-resets.repository.ts';
import { createCompany, uniqueName } from './helpers/factories.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, startMailingApp } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

const PUBLIC_URL = 'https://feedback.example.com';
const OLD_PASSWORD = 'the old password';
let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
before(async () => {
  ({ ctx, sink, close } = await startMailingApp({ PUBLIC_URL }));
});
after(() => close());

let lastAddress = 0;
/** Each test asks from addresses of its own, so the per-address limit is not shared between tests. */
const freshAddress = () => `10.0.${Math.floor(++lastAddress / 250)}.${(lastAddress % 250) + 1}`;

function requestReset(body: Record<string, unknown>, remoteAddress = freshAddress()) {
  return ctx.app.inject({ method: 'POST', url: '/app/api/password-reset', payload: body, remoteAddress });
}

function confirm(token: string, password: string) {
  return ctx.app.inject({ method: 'POST', url: '/app/api/password-reset/confirm', payload: { token, password } });
}

function form(path: string, password: string, confirmation = password) {
  return ctx.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: new URLSearchParams({ password, password_confirmation: confirmation }).toString(),
  });
}

/** An active employee (with a password unless `password` is null) in `company`, created through the provisioning API. */
async function employee(company: CompanyCredentials, email = `reset.${uniqueName('')}@example.com`, password: string | null = OLD_PASSWORD) {
  const response = await ctx.as(company).post('/v2/employees', { email, first_name: 'Ada', last_name: 'Lovelace', ...(password ? { temporary_password: password } : {}) });
  assert.equal(response.statusCode, 201, response.body);
  return ctx.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', company.id).where('email_key', '=', email).executeTakeFirstOrThrow();
}

async function deactivate(company: CompanyCredentials, email: string) {
  assert.equal((await ctx.as(company).put(`/v2/employees/${encodeURIComponent(email)}/deactivate`, undefined)).statusCode, 200);
}

const stored = (companyId: number, id: number) => ctx.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirstOrThrow();

const resetRows = (companyId: number) =>
  ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', companyId).where('kind', '=', 'password_reset').orderBy('id').execute();

/** Waits for the reset email to `email` and returns its link's path. */
async function linkFor(email: string): Promise<{ path: string; token: string; text: string }> {
  const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(email) && !used.has(m)));
  used.add(mail);
  const text = mail.parsed.text ?? '';
  const link = text.match(/https:\/\/\S+\/reset-password\/\S+/)![0];
  assert.ok(mail.parsed.html && mail.parsed.html.includes(`href="${link}"`));
  const path = link.slice(PUBLIC_URL.length);
  return { path, token: path.split('/').pop()!, text };
}
const used = new Set<unknown>();

describe('forgot password', () => {
  it('emails a working single-use link; the password changes once, must_change is cleared, sessions end', async () => {
    const company = await createCompany(ctx.services, { name: 'Blanca Peak' });
    const ada = await employee(company);
    assert.equal(ada.password_must_change, 1);
    const accepted = await requestReset({ email: ada.email.toUpperCase(), company: company.subdomain });
    assert.equal(accepted.statusCode, 202);
    const { path, token, text } = await linkFor(ada.email);
    assert.match(path, /^\/reset-password\/[A-Za-z0-9_-]{40,}$/);
    assert.match(text, /^Hi Ada,/);
    assert.match(text, /expires in 60 minutes/);
    const rows = await ctx.db.kysely.selectFrom('password_resets').selectAll().where('company_id', '=', company.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].token_hash, sha256Hex(token), 'only the hash of the token is stored');
    assert.ok(!JSON.stringify(await resetRows(company.id)).includes(token), 'the outbox holds no token');

    const page = await ctx.app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-security-policy'] as string, /script-src 'none'|default-src 'none'/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /<label>New password <input type="password" name="password"/);
    assert.ok(page.body.includes(ada.email));

    const mismatch = await form(path, 'a brand new password', 'another password');
    assert.equal(mismatch.statusCode, 422);
    assert.match(mismatch.body, /role="alert">The two passwords do not match/);
    const changed = await form(path, 'a brand new password');
    assert.equal(changed.statusCode, 200, changed.body);
    assert.match(changed.body, /Your password is changed/);
    const after = await stored(company.id, ada.id);
    assert.equal(await verifyPassword('a brand new password', after.password_hash!), true);
    assert.equal(after.password_must_change, 0);

    const again = await form(path, 'yet another password');
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already been used.*Ask for a new link/);
    const apiAgain = await confirm(token, 'yet another password');
    assert.equal(apiAgain.statusCode, 410);
    assert.match(apiAgain.json().message, /already been used/);
    assert.equal(await verifyPassword('a brand new password', (await stored(company.id, ada.id)).password_hash!), true);
  });

  it('the JSON API sets the password, refuses bad passwords and unknown tokens, and calls onPasswordChanged', async () => {
    const company = await createCompany(ctx.services);
    const ada = await employee(company);
    const ended: [number, number][] = [];
    const resets = new PasswordResetService(new PasswordResetsRepository(ctx.db.kysely), PUBLIC_URL, (companyId, employeeId) => {
      ended.push([companyId, employeeId]);
    });
    const token = (await resets.prepareResetEmail(company.id, { employee_id: ada.id }))!.link.split('/').pop()!;
    assert.deepEqual(await resets.reset(token, 'short'), { ok: false, problem: 'Your password must be at least 8 characters long.' });
    assert.deepEqual(await resets.reset(token, 'x'.repeat(201)), { ok: false, problem: 'Your password must be at most 200 characters long.' });
    assert.deepEqual(ended, []);
    assert.deepEqual(await resets.reset(token, 'long enough now'), { ok: true });
    assert.deepEqual(ended, [[company.id, ada.id]]);

    const viaApi = (await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: ada.id }))!.link.split('/').pop()!;
    const short = await confirm(viaApi, 'short');
    assert.equal(short.statusCode, 400);
    assert.match(short.json().message, /at least 8 characters/);
    assert.equal((await confirm(viaApi, 'the api password')).statusCode, 200);
    assert.equal(await verifyPassword('the api password', (await stored(company.id, ada.id)).password_hash!), true);
    assert.equal((await confirm('A'.repeat(43), 'the api password')).statusCode, 404);
    assert.equal((await ctx.app.inject('/reset-password/not-a-token')).statusCode, 404);
  });

  it('answers an unknown email exactly as a known one, and sends nothing for it, nor to inactive or password-less employees', async () => {
    const company = await createCompany(ctx.services);
    const known = await employee(company);
    const deactivated = await employee(company);
    await deactivate(company, deactivated.email);
    const noPassword = await employee(company, undefined, null);
    const answers = await Promise.all(
      [known.email, 'nobody@example.com', deactivated.email, noPassword.email].map((email) => requestReset({ email, company: company.subdomain })),
    );
    for (const answer of answers) {
      assert.equal(answer.statusCode, 202);
      assert.equal(answer.body, answers[0].body);
    }
    assert.equal((await requestReset({ email: known.email, company: 'no-such-company' })).body, answers[0].body);
    await linkFor(known.email);
    const rows = await resetRows(company.id);
    assert.deepEqual(rows.map((r) => JSON.parse(r.payload)), [{ employee_id: known.id }]);
    assert.equal(sink.received.filter((m) => [deactivated.email, noPassword.email, 'nobody@example.com'].some((e) => m.envelopeTo.includes(e))).length, 0);
  });

  it('a link of an employee deactivated since is refused, and a newer request replaces the older link', async () => {
    const company = await createCompany(ctx.services);
    const ada = await employee(company);
    const first = (await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: ada.id }))!.link.split('/').pop()!;
    const second = (await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: ada.id }))!.link.split('/').pop()!;
    assert.equal((await confirm(first, 'a new password')).statusCode, 410, 'the newer link replaced it');
    await deactivate(company, ada.email);
    const refused = await confirm(second, 'a new password');
    assert.equal(refused.statusCode, 410);
    assert.match(refused.json().message, /no longer active/);
    assert.equal(await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: ada.id }), null);
  });

  it('never crosses tenants: the same email in two companies', async () => {
    const a = await createCompany(ctx.services, { name: 'Company A' });
    const b = await createCompany(ctx.services, { name: 'Company B' });
    const email = `shared.${uniqueName('')}@example.com`;
    const inA = await employee(a, email);
    const inB = await employee(b, email);
    assert.equal((await requestReset({ email, company: a.subdomain })).statusCode, 202);
    const { path } = await linkFor(email);
    assert.equal((await resetRows(b.id)).length, 0);
    assert.equal((await form(path, 'only company a')).statusCode, 200);
    assert.equal(await verifyPassword('only company a', (await stored(a.id, inA.id)).password_hash!), true);
    assert.equal(await verifyPassword(OLD_PASSWORD, (await stored(b.id, inB.id)).password_hash!), true);

    assert.equal((await requestReset({ email })).statusCode, 202, 'without a company: each account gets its own link');
    const links = [await linkFor(email), await linkFor(email)];
    const subjects = sink.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed.subject);
    assert.ok(subjects.some((s) => s?.includes('Company B')));
    const owners = await Promise.all(links.map(async (l) => (await ctx.db.kysely.selectFrom('password_resets').select('company_id').where('token_hash', '=', sha256Hex(l.token)).executeTakeFirstOrThrow()).company_id));
    assert.deepEqual(owners.sort(), [a.id, b.id].sort());
  });

  it('beyond 5 requests an hour per email or per client address, answers the same 202 and sends nothing more', async () => {
    const company = await createCompany(ctx.services);
    const ada = await employee(company);
    for (let i = 0; i < 7; i++) assert.equal((await requestReset({ email: ada.email, company: company.subdomain })).statusCode, 202);
    assert.equal((await resetRows(company.id)).length, 5, 'per email');

    const address = freshAddress();
    const others = [];
    for (let i = 0; i < 6; i++) others.push(await employee(company));
    for (const other of others) assert.equal((await requestReset({ email: other.email }, address)).statusCode, 202);
    const queued = (await resetRows(company.id)).map((r) => JSON.parse(r.payload).employee_id);
    assert.deepEqual(queued.slice(5), others.slice(0, 5).map((o) => o.id), 'per client address');
  });
});

describe('password reset link expiry', () => {
  it('accepts a link 5 s before its hour ends and refuses it 5 s after, telling the person to ask for a new link', async (t) => {
    const company = await createCompany(ctx.services);
    const ada = await employee(company);
    const offset = { ms: 0 };
    const realNow = Date.now.bind(Date);
    t.mock.method(Date, 'now', () => realNow() + offset.ms);
    const link = async () => (await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: ada.id }))!.link.slice(PUBLIC_URL.length);
    const inside = await link();
    offset.ms = 3_600_000 - 5_000;
    assert.equal((await ctx.app.inject(inside)).statusCode, 200);
    assert.equal((await form(inside, 'within the hour')).statusCode, 200);

    offset.ms = 0;
    const outside = await link();
    offset.ms = 3_600_000 + 5_000;
    const page = await ctx.app.inject(outside);
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /has expired.*Ask for a new link/);
    const api = await confirm(outside.split('/').pop()!, 'after the hour');
    assert.equal(api.statusCode, 410);
    assert.match(api.json().message, /expired.*Ask for a new link/);
    assert.equal(await verifyPassword('within the hour', (await stored(company.id, ada.id)).password_hash!), true);
  });
});
