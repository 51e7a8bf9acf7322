import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { OutboxWorker } from '../../src/outbox/outbox-worker.ts';
import { messagesFor } from '../../src/modules/survey/i18n/translations.ts';
import { format } from '../../src/modules/survey/i18n/messages.ts';
import { ratingConfirmation } from '../../src/modules/survey/survey-page.ts';
import { assertAccessible, launchChromium, personContext } from './browser.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { eventually, fastWorker, interaction, postRequest, requestBody, surveyCompany, tokenFromMail } from './survey.ts';
import { createTestContext, type TestContext } from './test-app.ts';

/** Screenshots for a person to look at (not part of the repository). */
const SHOTS = '/tmp/survey-shots';
const SIZES = [
  { name: '360', width: 360, height: 740 },
  { name: '390', width: 390, height: 844 },
  { name: '1280', width: 1280, height: 900 },
];
/** English, a Latin language other than English, and one with long words. */
export const LANGUAGES = [
  { lang: 'en', friendly: 'Friendly', coffee: 'Coffee' },
  { lang: 'fr', friendly: 'Aimable', coffee: 'Un café' },
  { lang: 'de', friendly: 'Freundlich', coffee: 'Kaffeespezialität' },
];

let ctx: TestContext;
let sink: SmtpSink;
let worker: OutboxWorker;
let browser: Browser;
let baseUrl: string;

/** Starts the app, an SMTP sink, the outbox worker and Chromium for the suite's tests. */
function useApp(): void {
  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    sink = await startSmtpSink();
    ctx = await createTestContext({ SMTP_URL: sink.url });
    baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    worker = fastWorker(ctx);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await worker.stop();
    await ctx.close();
    await sink.close();
  });
}

/** A survey sent in `lang` for an agent with a title; company-written translations of the rewards. */
async function sendSurvey(lang: string) {
  const { company, agent } = await surveyCompany(ctx, ['option_translations.fr.Coffee=Un café', 'option_translations.de.Coffee=Kaffeespezialität'], { firstName: 'Samantha' });
  await ctx.db.kysely.updateTable('employees').set({ title: 'Customer Care Specialist' }).where('id', '=', agent.id).execute();
  const body = requestBody(agent, { language: lang });
  const uuid = await postRequest(ctx, company.api_key, body);
  const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(body.customer.email)));
  return { token: tokenFromMail(mail.parsed), uuid };
}

/** The texts of the steps a person sees now. */
const visibleSteps = (page: Page) => page.locator('section.step').evaluateAll((steps) => steps.filter((s) => (s as HTMLElement).offsetParent !== null).map((s) => s.id));

async function assertNoHorizontalScroll(page: Page, label: string) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
  assert.ok(scroll <= inner, `${label}: no horizontal scroll (${scroll} > ${inner})`);
}

async function assertNpsOneRow(page: Page, label: string) {
  const tops = await page.locator('.nps label').evaluateAll((labels) => labels.map((l) => (l as HTMLElement).offsetTop));
  assert.equal(tops.length, 11, label);
  assert.equal(new Set(tops).size, 1, `${label}: the 0-10 row does not wrap (${tops.join(',')})`);
  const sizes = await page.locator('.nps label').evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)));
  assert.ok(Math.min(...sizes) >= 24, `${label}: targets at least 24 px (${Math.min(...sizes)})`);
}

/** Presses Tab until the focused element matches `selector` (keyboard only), failing after 40 presses. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}


/** The experience in one language at each size: the rating confirmed, translated options, scales on one row, steps, accessibility, the closing screen. */
export function experienceSuite(lang: string): void {
  describe(`the survey experience in Chromium (${lang})`, () => {
    useApp();
  for (const { friendly, coffee } of LANGUAGES.filter((l) => l.lang === lang)) {
    for (const size of SIZES) {
      it(`${lang} at ${size.width}x${size.height}: the rating confirmed, translated options, scales on one row, accessible`, async () => {
        const m = messagesFor(lang);
        const { token, uuid } = await sendSurvey(lang);
        const { context, cspViolations } = await personContext(browser, { viewport: { width: size.width, height: size.height }, locale: lang });
        const page = await context.newPage();
        await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
        await page.goto(`${baseUrl}/s/${token}/rate/5`);
        const label = `${lang} ${size.name}`;

        assert.equal(await page.locator('h1').innerText(), ratingConfirmation(m, 'Samantha', 5));
        assert.ok(await page.getByText('Customer Care Specialist').isVisible(), 'agent title shown');
        assert.ok(await page.getByText('Blanca Peak', { exact: true }).first().isVisible(), 'brand display name shown');
        await assertNoHorizontalScroll(page, label);
        await page.screenshot({ path: `${SHOTS}/${lang}-${size.name}-start.png`, fullPage: true });
        await assertAccessible(page, `${label} first screen`);

        const phone = size.width < 768;
        if (!phone) {
          assert.equal((await visibleSteps(page)).length, await page.locator('section.step').count(), 'every step shows on a wide screen');
          assert.ok(await page.getByRole('checkbox', { name: friendly }).isVisible(), `${friendly} shown`);
          assert.ok(await page.getByRole('radio', { name: coffee }).isVisible(), `${coffee} shown`);
          await assertNpsOneRow(page, label);
          await page.getByRole('checkbox', { name: friendly }).check();
          await page.getByRole('radio', { name: '9', exact: true }).check();
          await page.getByRole('button', { name: m.submit }).click();
        } else {
          const total = await page.locator('section.step').count();
          assert.deepEqual(await visibleSteps(page), ['step-0'], 'one step at a time on a phone');
          assert.ok(await page.getByText(format(m.progress, { n: '1', total: String(total) })).isVisible(), 'progress shown');
          await page.getByLabel(m.commentQuestion).fill('Très bien — sehr gut');
          await page.getByRole('button', { name: m.next }).click();
          await page.waitForURL(/step=1/);
          assert.deepEqual(await visibleSteps(page), ['step-1']);
          assert.ok(await page.getByText(format(m.progress, { n: '2', total: String(total) })).isVisible());
          await page.getByRole('checkbox', { name: friendly }).check();
          await assertNoHorizontalScroll(page, `${label} step 2`);
          await page.getByRole('button', { name: m.next }).click();
          await page.waitForURL(/step=2/);
          await assertNpsOneRow(page, label);
          await page.getByRole('radio', { name: '9', exact: true }).check();
          await page.screenshot({ path: `${SHOTS}/${lang}-${size.name}-nps.png`, fullPage: true });
          await assertAccessible(page, `${label} NPS step`);
          await page.getByRole('button', { name: m.next }).click();
          await page.waitForURL(/step=3/);
          await page.getByRole('button', { name: m.back }).click();
          await page.waitForURL(/step=2/);
          assert.equal(await page.getByRole('radio', { name: '9', exact: true }).isChecked(), true, 'the answer was saved by Next');
          await page.getByRole('button', { name: m.next }).click();
          await page.waitForURL(/step=3/);
          await page.getByRole('button', { name: m.next }).click();
          await page.waitForURL(/step=4/);
          assert.ok(await page.getByRole('radio', { name: coffee }).isVisible(), `${coffee} shown`);
          await page.screenshot({ path: `${SHOTS}/${lang}-${size.name}-reward.png`, fullPage: true });
          await page.getByRole('button', { name: m.submit }).click();
        }
        await page.waitForURL(/\/thanks$/);
        assert.equal(await page.locator('h1').innerText(), m.closingTitle);
        assert.ok(await page.getByText(format(m.closingDefault, { brand: 'Blanca Peak', first_name: 'Samantha' })).isVisible());
        await assertNoHorizontalScroll(page, `${label} closing`);
        await page.screenshot({ path: `${SHOTS}/${lang}-${size.name}-closing.png`, fullPage: true });
        await assertAccessible(page, `${label} closing`);
        assert.deepEqual(cspViolations, []);

        const row = await interaction(ctx, uuid);
        const survey = await ctx.db.kysely.selectFrom('surveys').selectAll().where('interaction_id', '=', row.id).executeTakeFirstOrThrow();
        assert.ok(Number(survey.completed_at) > 0, 'completed_at set');
        const answers = await ctx.db.kysely.selectFrom('answers').selectAll().where('interaction_id', '=', row.id).execute();
        const excellence = answers.find((a) => a.question_key === 'areas_of_excellence')!;
        assert.deepEqual(JSON.parse(excellence.selected_options).map((o: { option_text: string }) => o.option_text), ['Friendly'], 'stored in English');
        await context.close();
      });
    }
  }

  });
}

/** Completion with the keyboard only, on a phone and a wide screen. */
export function keyboardSuite(): void {
  describe('the survey with the keyboard only, in Chromium', () => {
    useApp();
  for (const size of [SIZES[1], SIZES[2]]) {
    it(`keyboard only at ${size.width}px: Tab, Space, arrows and Enter reach the closing screen`, async () => {
      const { token, uuid } = await sendSurvey('en');
      const { context } = await personContext(browser, { viewport: { width: size.width, height: size.height } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/s/${token}/rate/2`);
      const phone = size.width < 768;
      if (phone) {
        await tabTo(page, 'textarea');
        await page.keyboard.type('Slow reply');
        await tabTo(page, '.current button.next');
        await page.keyboard.press('Enter');
        await page.waitForURL(/step=1/);
        await tabTo(page, '.current input[type=checkbox]');
        await page.keyboard.press('Space');
        // Enter in a field goes to the next step (the form's default button), saving the answer.
        await page.keyboard.press('Enter');
        await page.waitForURL(/step=2/);
        await tabTo(page, '.current .nps input');
        await page.keyboard.press('Space');
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
        await tabTo(page, '.current button.next');
        await page.keyboard.press('Enter');
        await page.waitForURL(/step=3/);
        await tabTo(page, '.current input[name="fcr"]');
        await page.keyboard.press('Space');
        await page.keyboard.press('ArrowRight');
        await tabTo(page, '.current button.next');
        assert.equal(await page.evaluate(() => document.activeElement!.textContent), 'Send my answers');
        await page.keyboard.press('Enter');
      } else {
        await tabTo(page, 'textarea');
        await page.keyboard.type('Slow reply');
        await tabTo(page, 'input[type=checkbox]');
        await page.keyboard.press('Space');
        await tabTo(page, '.nps input');
        await page.keyboard.press('Space');
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
        await tabTo(page, '.finish button');
        await page.keyboard.press('Enter');
      }
      await page.waitForURL(/\/thanks$/);
      assert.ok(await page.getByText(messagesFor('en').lowRatingNext.replace('{brand}', 'Blanca Peak')).isVisible(), 'what happens next after a low rating');
      const row = await interaction(ctx, uuid);
      const answers = Object.fromEntries((await ctx.db.kysely.selectFrom('answers').selectAll().where('interaction_id', '=', row.id).execute()).map((a) => [a.question_key, a]));
      assert.equal(answers.agent_star_rating.comment, 'Slow reply');
      assert.equal(JSON.parse(answers.nps.selected_options)[0].integer_value, 3);
      assert.equal(JSON.parse(answers.areas_of_improvement.selected_options).length, 1);
      if (phone) assert.equal(JSON.parse(answers.fcr.selected_options)[0].option_text, 'No');
      await page.screenshot({ path: `${SHOTS}/keyboard-${size.width}-closing.png`, fullPage: true });
      await context.close();
    });
  }
  });
}
