import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, personContext } from './helpers/browser.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { setPassword } from './helpers/sessions.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker } from './helpers/survey.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { answeredRequest, cardNames, signInThroughForm } from './helpers/web-app.ts';

/** Signing in and out, a forgotten password, throttling and the invite, as a person does them in the web app. */
let ctx: TestContext;
let baseUrl: string;
let sink: SmtpSink;
let worker: ReturnType<typeof fastWorker>;
let browser: Browser;

before(async () => {
  sink = await startSmtpSink();
  ({ ctx, baseUrl } = await createListeningTestContext({ SMTP_URL: sink.url }));
  worker = fastWorker(ctx);
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
  await worker.stop();
  await ctx.close();
  await sink.close();
});

/** An active employee with a password and one answered response (so their Stream has a card). */
async function employee(firstName = 'Grace') {
  const company = await createCompany(ctx.services, { brands: ['peak'] });
  const person = await createEmployee(ctx.services, company.id, { firstName, lastName: 'Hopper', email: `web.${uniqueName('')}@example.com` });
  await setPassword(ctx.db, person);
  const customer = `Customer ${uniqueName('')}`;
  await answeredRequest(ctx, company, person, customer, { stars: 5 });
  return { company, person, customer };
}

async function freshPage() {
  const { context, cspViolations } = await personContext(browser);
  return { context, page: await context.newPage(), cspViolations };
}

describe('signing in and out of the web app', () => {
  it('an employee signs in and lands on their Stream; signing out from the account menu ends the session', async () => {
    const { person, customer } = await employee();
    const { context, page, cspViolations } = await freshPage();
    try {
      await page.goto(`${baseUrl}/`);
      await page.waitForURL((url) => url.pathname === '/login');
      await signInThroughForm(page, baseUrl, person.email);
      assert.equal(new URL(page.url()).pathname, '/');
      assert.deepEqual(await cardNames(page), [customer]);
      const cookie = (await context.cookies(baseUrl)).find((c) => c.name === 'ac_session');
      assert.ok(cookie);
      assert.equal((await fetch(`${baseUrl}/app/api/me`, { headers: { cookie: `ac_session=${cookie.value}` } })).status, 200);

      await page.getByRole('button', { name: /^Account menu/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      assert.equal(await page.getByText('You are signed out.').isVisible(), true);
      assert.equal((await fetch(`${baseUrl}/app/api/me`, { headers: { cookie: `ac_session=${cookie.value}` } })).status, 401);
      // Back to the Stream: the app asks to sign in again.
      await page.goto(`${baseUrl}/`);
      await page.waitForURL((url) => url.pathname === '/login');
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  it('a forgotten password: the same confirmation for any email, the emailed link sets a new one, which signs in', async () => {
    const { person, customer } = await employee('Ida');
    const { context, page, cspViolations } = await freshPage();
    try {
      const confirmationFor = async (email: string) => {
        await page.goto(`${baseUrl}/login`);
        await page.getByRole('link', { name: 'Forgot password?' }).click();
        await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
        await page.getByLabel('Email').fill(email);
        await page.getByRole('button', { name: 'Send reset link' }).click();
        await page.getByText('Check your email').waitFor();
        return (await page.locator('.auth__panel').innerText()).trim();
      };
      const unknown = await confirmationFor(`nobody.${uniqueName('')}@example.com`);
      const known = await confirmationFor(person.email);
      assert.equal(known, unknown, 'nothing tells whether the account exists');
      assert.match(known, /If an active account has this email/);

      const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(person.email)));
      const link = new URL(/https?:\/\/\S+\/reset-password\/\S+|https?:\/\/\S+/.exec(mail.parsed.text ?? '')![0]);
      await page.goto(`${baseUrl}${link.pathname}`);
      await page.getByLabel('New password').fill('a brand new password');
      await page.getByLabel('Repeat the password').fill('a brand new password');
      await page.locator('button[type=submit]').click();
      await page.getByRole('heading', { level: 1, name: 'Your password is changed' }).waitFor();

      await signInThroughForm(page, baseUrl, person.email, 'a brand new password');
      assert.deepEqual(await cardNames(page), [customer]);
      assert.equal(sink.received.filter((m) => m.envelopeTo.some((to) => to.startsWith('nobody.'))).length, 0, 'no email for an unknown address');
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  it('an invited employee opens the invite link, sets a password and lands signed in on the Stream', async () => {
    const company = await createCompany(ctx.services, { brands: ['peak'] });
    const email = `invited.${uniqueName('')}@example.com`;
    const invited = await ctx.as(company).post('/v2/employees/invite', { email, first_name: 'Nadia', last_name: 'Invited' });
    assert.equal(invited.statusCode, 201, invited.body);
    const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(email)));
    const link = new URL(/https?:\/\/\S+/.exec(mail.parsed.text ?? '')![0]);
    const { context, page, cspViolations } = await freshPage();
    try {
      await page.goto(`${baseUrl}${link.pathname}`);
      await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
      await page.fill('input[name=password]', 'an invited password');
      await page.fill('input[name=password_confirmation]', 'an invited password');
      await page.locator('button[type=submit]').click();
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole('heading', { level: 1, name: 'Stream' }).waitFor();
      await page.getByText('No responses yet').waitFor();
      assert.match((await page.getByRole('button', { name: /^Account menu/ }).textContent()) ?? '', /Nadia Invited/);
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });

  // Last in this file: it throttles the test's client address (127.0.0.1) for 15 minutes.
  it('after 10 wrong passwords the 11th attempt shows the throttling message, the same for an unknown email', async () => {
    const { person } = await employee('Tom');
    const { context, page } = await freshPage();
    try {
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email').fill(person.email);
      const alert = page.getByRole('alert');
      for (let attempt = 1; attempt <= 10; attempt++) {
        await page.getByLabel('Password', { exact: true }).fill(`wrong password ${attempt}`);
        const answered = page.waitForResponse((r) => r.url().endsWith('/app/api/session') && r.request().method() === 'POST');
        await page.getByRole('button', { name: 'Sign in' }).click();
        assert.equal((await answered).status(), 401, `attempt ${attempt}`);
      }
      const wrong = (await alert.textContent()) ?? '';
      await page.getByLabel('Password', { exact: true }).fill('wrong password 11');
      const eleventh = page.waitForResponse((r) => r.url().endsWith('/app/api/session') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Sign in' }).click();
      assert.equal((await eleventh).status(), 429);
      await eventually(async () => ((await alert.textContent()) ?? '') !== wrong);
      const throttled = ((await alert.textContent()) ?? '').trim();
      assert.match(throttled, /too many/i);
      assert.doesNotMatch(throttled, /exist|unknown|no account|not found/i);

      // An email no account has, from the same address: the same message.
      await page.getByLabel('Email').fill(`nobody.${uniqueName('')}@example.com`);
      await page.getByLabel('Password', { exact: true }).fill('anything at all');
      const unknown = page.waitForResponse((r) => r.url().endsWith('/app/api/session') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Sign in' }).click();
      assert.equal((await unknown).status(), 429);
      assert.equal(((await alert.textContent()) ?? '').trim(), throttled);
      assert.equal(new URL(page.url()).pathname, '/login');
    } finally {
      await context.close();
    }
  });
});
