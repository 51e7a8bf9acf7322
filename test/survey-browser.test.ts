import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import type { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker, interaction, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
let worker: OutboxWorker;
let browser: BrowserContext;
let profile: string;
let baseUrl: string;

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url });
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  worker = fastWorker(ctx);
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-chromium-'));
  // A fresh profile directory per run (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
});
after(async () => {
  await browser?.close();
  await worker.stop();
  await ctx.close();
  await sink.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

describe('survey in a browser', () => {
  it('a customer on a phone clicks a star in the email and completes the survey', async () => {
    const { company, agent } = await surveyCompany(ctx);
    const body = requestBody(agent);
    const uuid = await postRequest(ctx, company.api_key, body);
    const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(body.customer.email)));
    const link = /https?:\/\/[^\s]+\/s\/([A-Za-z0-9_-]{32})\/rate\/4/.exec(mail.parsed.text!)!;
    const starUrl = `${baseUrl}/s/${link[1]}/rate/4`;

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());

    await page.goto(starUrl);
    assert.match(page.url(), new RegExp(`/s/${link[1]}$`));
    assert.equal(await page.getByRole('radio', { name: '4 stars: satisfied', includeHidden: true }).isChecked(), true);
    assert.ok(await page.getByRole('heading', { name: 'You rated Samantha 4 stars — thank you!' }).isVisible());
    // One step at a time: the comment, then each follow-up, every Next saving the answers.
    await page.getByLabel('Anything else you would like to tell us? (optional)').fill('Sorted in five minutes');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('checkbox', { name: 'Friendly' }).check();
    await page.getByRole('checkbox', { name: 'Patient' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: '9', exact: true }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Lunch' }).check();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.waitForURL(/\/thanks$/);
    assert.ok(await page.getByRole('heading', { name: 'Thank you!' }).isVisible());
    await page.getByRole('link', { name: 'Change my answers' }).click();
    await page.goto(`${baseUrl}/s/${link[1]}?step=4`);
    assert.equal(await page.getByRole('radio', { name: 'Lunch' }).isChecked(), true);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no horizontal scrolling (${width}px)`);
    await page.getByRole('button', { name: 'Send my answers' }).focus();
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'keyboard focus is visible');

    const row = await interaction(ctx, uuid);
    const answers = await ctx.db.kysely.selectFrom('answers').selectAll().where('interaction_id', '=', row.id).execute();
    const byKey = Object.fromEntries(answers.map((a) => [a.question_key, a]));
    assert.deepEqual(Object.keys(byKey).sort(), ['agent_star_rating', 'areas_of_excellence', 'fcr', 'nps', 'rewards']);
    assert.deepEqual(JSON.parse(byKey.areas_of_excellence.selected_options).map((o: { option_text: string }) => o.option_text), ['Friendly', 'Patient']);
    assert.equal(byKey.agent_star_rating.comment, 'Sorted in five minutes', 'the one comment box is the rating answer\'s comment');
    assert.equal(row.reward_name, 'Lunch');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
