import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildApp, type App } from '../src/app.ts';
import type { Db } from '../src/db/database.ts';
import { openRuntime } from '../src/runtime.ts';
import { launchChromium, personContext } from './helpers/browser.ts';
import { uniqueName } from './helpers/factories.ts';
import { setPassword } from './helpers/sessions.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { fastWorker, requestBody, sendSurvey, surveyCompany } from './helpers/survey.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { cardNames, signInThroughForm } from './helpers/web-app.ts';

/**
 * Live arrival: the agent's Stream is open in Chromium on one server; the customer clicks a star
 * in the survey email, answered by a SECOND server on the same database; the card appears without
 * a reload within 2 seconds, and is announced politely.
 */
let ctx: TestContext;
let baseUrl: string;
let sink: SmtpSink;
let worker: ReturnType<typeof fastWorker>;
let browser: Browser;
let other: App;
let otherDb: Db;
let otherUrl: string;

before(async () => {
  sink = await startSmtpSink();
  ({ ctx, baseUrl } = await createListeningTestContext({ SMTP_URL: sink.url }));
  worker = fastWorker(ctx);
  const runtime = await openRuntime(ctx.config);
  otherDb = runtime.db;
  other = await buildApp(ctx.config, runtime.services);
  await other.listen({ port: 0, host: '127.0.0.1' });
  otherUrl = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
  await worker.stop();
  await other.close();
  await otherDb.close();
  await ctx.close();
  await sink.close();
});

/** Resolves with Date.now() in the page when a card of `customer` is in the list. */
function cardAppears(page: import('playwright-core').Page, customer: string): Promise<number> {
  // A string, not a function: the test runner's transform would add helpers the page does not have.
  return page.evaluate(`new Promise((resolve) => {
    const present = () => [...document.querySelectorAll('ol.cards h3')].some((heading) => heading.textContent === ${JSON.stringify(customer)});
    if (present()) return resolve(Date.now());
    const observer = new MutationObserver(() => {
      if (present()) {
        observer.disconnect();
        resolve(Date.now());
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  })`) as Promise<number>;
}

describe('live arrival on the Stream', () => {
  it('a customer\'s star click on another server shows its card within 2 s, without a reload, announced politely', async () => {
    const { company, agent } = await surveyCompany(ctx, [], { firstName: 'Mia', lastName: 'Live' });
    await setPassword(ctx.db, agent);
    const earlier = await sendSurvey(ctx, sink, company.api_key, requestBody(agent, { customer: { name: 'Earlier Customer', email: `${uniqueName('e')}@example.com` } }));
    assert.equal((await fetch(`${otherUrl}/s/${earlier.token}/rate/4`, { redirect: 'manual' })).status, 303);
    const survey = await sendSurvey(ctx, sink, company.api_key, requestBody(agent, { customer: { name: 'Nora Live', email: `${uniqueName('n')}@example.com` } }));

    const { context, cspViolations } = await personContext(browser);
    try {
      const page = await context.newPage();
      const liveOpen = page.waitForResponse((response) => response.url().includes('/app/api/stream/events'));
      await signInThroughForm(page, baseUrl, agent.email);
      assert.equal((await liveOpen).status(), 200);
      assert.deepEqual(await cardNames(page), ['Earlier Customer']);
      await page.evaluate(() => { (window as unknown as { loadedOnce: boolean }).loadedOnce = true; });
      const announcement = page.locator('[aria-live=polite]');
      assert.equal(((await announcement.textContent()) ?? '').trim(), '');

      const appeared = cardAppears(page, 'Nora Live');
      const click = await fetch(`${otherUrl}/s/${survey.token}/rate/5`, { redirect: 'manual' });
      const answeredAt = Date.now();
      assert.equal(click.status, 303);
      const latency = (await appeared) - answeredAt;
      assert.ok(latency <= 2000, `the card appeared ${latency} ms after the answer`);

      // Newest first, marked new, announced, and the page was not reloaded.
      const names = await page.getByRole('region', { name: 'Responses' }).getByRole('heading', { level: 3 }).allTextContents();
      assert.deepEqual(names, ['Nora Live', 'Earlier Customer']);
      assert.equal(await page.getByRole('article', { name: 'Nora Live' }).getByText('New', { exact: true }).isVisible(), true);
      await page.waitForFunction(() => document.querySelector('[aria-live=polite]')?.textContent === '1 new response');
      assert.equal(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true);
      assert.equal(await page.getByRole('article', { name: 'Nora Live' }).getByRole('img', { name: '5 out of 5 stars' }).count(), 1);
      assert.deepEqual(cspViolations, []);
      console.log(`# live arrival: ${latency} ms from the answer to the card`);
    } finally {
      await context.close();
    }
  });
});
