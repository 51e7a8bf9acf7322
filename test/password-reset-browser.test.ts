import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { verifyPassword } from '../src/lib/passwords.ts';
import { createCompany, uniqueName } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let browser: Browser;
before(async () => {
  ctx = await createTestContext();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});
after(async () => {
  await browser.close();
  await ctx.close();
});

/** An active employee with a password, and the path of a fresh reset link for them. */
async function employeeWithResetLink() {
  const company = await createCompany(ctx.services);
  const email = `browser.${uniqueName('')}@example.com`;
  const created = await ctx.as(company).post('/v2/employees', { email, first_name: 'Grace', last_name: 'Hopper', temporary_password: 'the old password' });
  assert.equal(created.statusCode, 201, created.body);
  const { id } = await ctx.db.kysely.selectFrom('employees').select('id').where('company_id', '=', company.id).where('email_key', '=', email).executeTakeFirstOrThrow();
  const prepared = await ctx.services.passwordResets.prepareResetEmail(company.id, { employee_id: id });
  return { company, id, email, path: new URL(prepared!.link).pathname };
}

describe('the reset-password page in a real browser', () => {
  it('an employee chooses a new password through the form; the link then answers 410', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { company, id, path } = await employeeWithResetLink();
    const page = await browser.newPage();
    try {
      await page.goto(`${address}${path}`);
      assert.equal(await page.locator('h1').textContent(), 'Choose a new password');
      await page.getByLabel('New password').fill('a long new password');
      await page.getByLabel('Repeat the password').fill('a different password');
      await page.click('button[type=submit]');
      assert.match((await page.getByRole('alert').textContent()) ?? '', /do not match/);
      await page.getByLabel('New password').fill('a long new password');
      await page.getByLabel('Repeat the password').fill('a long new password');
      await page.click('button[type=submit]');
      assert.equal(await page.locator('h1').textContent(), 'Your password is changed');
      const row = await ctx.db.kysely.selectFrom('employees').select('password_hash').where('company_id', '=', company.id).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(await verifyPassword('a long new password', row.password_hash!), true);
      assert.equal(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href'), '/login');
      const reused = await page.goto(`${address}${path}`);
      assert.equal(reused?.status(), 410);
      await page.getByRole('link', { name: 'Ask for a new link' }).click();
      await page.waitForURL(`${address}/forgot-password`);
    } finally {
      await page.close();
    }
  });

  it('neither the token nor the password nor the email reaches the logs', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk) => lines.push(String(chunk)));
    const loud = await buildApp({ ...ctx.config, logLevel: 'trace' }, ctx.services, { logStream: stream });
    await loud.ready();
    const { email, path } = await employeeWithResetLink();
    const token = path.split('/').pop()!;
    assert.equal((await loud.inject({ method: 'POST', url: '/app/api/password-reset', payload: { email } })).statusCode, 202);
    assert.equal((await loud.inject({ method: 'GET', url: path })).statusCode, 200);
    assert.equal((await loud.inject({ method: 'POST', url: '/app/api/password-reset/confirm', payload: { token, password: 'long enough pw' } })).statusCode, 200);
    await loud.inject({ method: 'GET', url: '/v2/employees' });
    await loud.close();
    assert.ok(lines.length > 0, 'other requests are logged');
    const logged = lines.join('');
    for (const secret of [token, 'long enough pw', email]) assert.ok(!logged.includes(secret), secret);
  });
});
