import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, DESKTOP, launchChromium, personContext, PHONE } from './helpers/browser.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { overflows, signInThroughForm, webOrg } from './helpers/web-app.ts';

/** The Account page's weekly digest switch, as a team leader and an agent use it. SCREENSHOTS=<dir> saves screenshots. */
let ctx: TestContext;
let baseUrl: string;
let browser: Browser;
let org: Awaited<ReturnType<typeof webOrg>>;
const shots = process.env.SCREENSHOTS;

before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  browser = await launchChromium();
  org = await webOrg(ctx);
  if (shots) mkdirSync(shots, { recursive: true });
});
after(async () => {
  await browser.close();
  await ctx.close();
});

const stored = async (person: { company_id: number; id: number }) =>
  (await ctx.db.kysely.selectFrom('employees').select('weekly_digest').where('company_id', '=', person.company_id).where('id', '=', person.id).executeTakeFirstOrThrow()).weekly_digest;

/** Whether the element's top is on screen (the page scrolled to it). */
const onScreen = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const box = document.querySelector(s)!.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  }, selector);

describe('the weekly digest on the Account page', () => {
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`a team leader follows the email's link to /account#digest and turns the digest off and on again (${size})`, async () => {
      const lea = org.people.lea;
      const { context, cspViolations } = await personContext(browser, { viewport });
      const page = await context.newPage();
      try {
        await signInThroughForm(page, baseUrl, lea.email);
        await page.goto(`${baseUrl}/account#digest`);
        const section = page.getByRole('region', { name: 'Weekly digest' });
        await section.waitFor();
        const toggle = page.getByRole('switch', { name: 'Weekly digest email' });
        assert.equal(await toggle.isChecked(), true, 'on by default');
        assert.equal(await onScreen(page, '#digest'), true, 'the page scrolled to the digest section');
        assert.ok(await section.getByText('For your team.').isVisible());
        assert.equal(await overflows(page), false, `no sideways scrolling at ${size}`);
        await assertAccessible(page, `Account with the digest switch at ${size}`);
        if (shots) await page.screenshot({ path: path.join(shots, `account-digest-${size}.png`) });

        await toggle.click();
        await section.getByRole('status').filter({ hasText: 'You will no longer get the weekly digest' }).waitFor();
        assert.equal(await toggle.isChecked(), false);
        assert.equal(await stored(lea), 0);
        await page.reload();
        await page.getByRole('switch', { name: 'Weekly digest email' }).waitFor();
        assert.equal(await page.getByRole('switch', { name: 'Weekly digest email' }).isChecked(), false, 'off after a reload');

        // With the keyboard alone.
        await page.getByRole('switch', { name: 'Weekly digest email' }).focus();
        await page.keyboard.press('Space');
        await page.getByRole('region', { name: 'Weekly digest' }).getByRole('status').filter({ hasText: 'You will get the weekly digest on Mondays' }).waitFor();
        assert.equal(await stored(lea), 1);
        await assertAccessible(page, `Account after turning the digest on at ${size}`);
        if (shots) await page.screenshot({ path: path.join(shots, `account-digest-${size}-saved.png`) });
        assert.deepEqual(cspViolations, []);
      } finally {
        await context.close();
      }
    });
  }

  it('an agent, who gets no digest, sees a note instead of the switch; an admin sees it for the company', async () => {
    const { context } = await personContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await signInThroughForm(page, baseUrl, org.people.mia.email);
      await page.goto(`${baseUrl}/account#digest`);
      const section = page.getByRole('region', { name: 'Weekly digest' });
      await section.getByText('The weekly digest goes to team leaders and admins.', { exact: false }).waitFor();
      assert.equal(await page.getByRole('switch').count(), 0);
      await assertAccessible(page, 'Account of an agent');
    } finally {
      await context.close();
    }
    const admin = await personContext(browser, { viewport: DESKTOP });
    const adminPage = await admin.context.newPage();
    try {
      await signInThroughForm(adminPage, baseUrl, org.people.admin.email);
      await adminPage.goto(`${baseUrl}/account`);
      await adminPage.getByRole('region', { name: 'Weekly digest' }).getByText('For the whole company.').waitFor();
      assert.equal(await adminPage.getByRole('switch', { name: 'Weekly digest email' }).isChecked(), true);
    } finally {
      await admin.context.close();
    }
  });
});
