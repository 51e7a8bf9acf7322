import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, DESKTOP, launchChromium, personContext, PHONE } from './helpers/browser.ts';
import { createEmployee } from './helpers/factories.ts';
import { setPassword } from './helpers/sessions.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { cardNames, metric, overflows, signInThroughForm, webOrg } from './helpers/web-app.ts';

/*
 * The Performance dashboard and the Team view as a team leader uses them: her team's figures,
 * sorting with the keyboard, the CSV, and every figure opening the Stream on exactly the responses
 * behind it. The company's days are New York's. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
let ctx: TestContext;
let baseUrl: string;
let browser: Browser;
let org: Awaited<ReturnType<typeof webOrg>>;
const contexts: BrowserContext[] = [];
const violations: string[][] = [];
const shots = process.env.WEB_SHOTS_DIR;

before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  browser = await launchChromium();
  org = await webOrg(ctx);
  // Nia, in Lea's team, has no responses yet: the team view lists her all the same.
  const nia = await createEmployee(ctx.services, org.company.id, { firstName: 'Nia', lastName: 'Test', teamLeaderId: org.people.lea.id });
  await setPassword(ctx.db, nia);
  // The rollups are kept by the writers; a new time zone rebuilds them with the setting.
  await ctx.services.companies.setSettings(org.company.subdomain, ['time_zone=America/New_York']);
});
after(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await ctx.close();
});

async function signedIn(who: keyof typeof org.people, viewport = DESKTOP): Promise<Page> {
  const { context, cspViolations } = await personContext(browser, { viewport });
  contexts.push(context);
  violations.push(cspViolations);
  const page = await context.newPage();
  await signInThroughForm(page, baseUrl, org.people[who].email);
  return page;
}

/** The key figure card of a metric: its figure as shown. */
async function kpi(page: Page, name: string): Promise<string> {
  const card = page.locator('.kpi', { has: page.locator('.kpi__label', { hasText: new RegExp(`^${name}$`) }) });
  await card.locator('.kpi__delta').waitFor();
  return ((await card.locator('.kpi__value').textContent()) ?? '').trim();
}

async function shot(page: Page, name: string) {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** The agent names of the team table, top to bottom. */
const teamRows = (page: Page) => page.locator('.team-table tbody th').allTextContents();

describe('the Performance dashboard', () => {
  it('a leader reaches it from the navigation and sees her team\'s figures beside the company\'s', async () => {
    const page = await signedIn('lea');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Performance' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Reports' }).getAttribute('aria-current'), 'page');
    assert.equal(await nav.getByRole('link', { name: 'Team' }).count(), 1, 'a leader has a team view');
    // Lea sees Alice (5), Bruno (2), Carla (4) and Elena (5): not Leo's Dario.
    assert.equal(await kpi(page, 'Responses'), '4');
    assert.equal(await kpi(page, 'Star rating'), '4.00');
    assert.match(await kpi(page, '% five star'), /^50\.0\s?%/);
    assert.match(await kpi(page, '% positive'), /^75\.0\s?%/);
    assert.match(await kpi(page, '% negative'), /^25\.0\s?%/);
    const responses = page.locator('.kpi', { has: page.locator('.kpi__label', { hasText: /^Responses$/ }) });
    await responses.locator('.kpi__compare').getByText('5').waitFor();
    assert.match((await responses.locator('.kpi__compare').textContent()) ?? '', /Company\s*5/);
    assert.match((await responses.locator('.kpi__delta').textContent()) ?? '', /▲\s*4/, 'nothing the period before');
    assert.deepEqual(await page.locator('.panel', { has: page.locator('#channels-title') }).locator('tbody th').allTextContents(), ['chat', 'email', 'phone']);
    await shot(page, 'reports-desktop');
    for (const csp of violations) assert.deepEqual(csp, []);
  });

  it('a figure opens the Stream on exactly the responses behind it, and the Stream can clear the report\'s filters', async () => {
    const page = await signedIn('lea');
    await page.goto(`${baseUrl}/reports`);
    await kpi(page, '% positive');
    await page.getByRole('link', { name: /^See the responses behind % positive/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Stream' }).waitFor();
    assert.deepEqual(await cardNames(page), ['Alice Archer', 'Carla Cruz', 'Elena Estes'], '4 and 5 stars: 75 % of 4');
    assert.equal(await metric(page, 'Responses'), '3');
    const url = new URL(page.url());
    assert.deepEqual(url.searchParams.getAll('stars'), ['4', '5']);
    assert.equal(url.searchParams.get('recovery'), 'false');
    // The days are New York's: from its midnight to a millisecond before the next.
    assert.match(url.searchParams.get('from') ?? '', /T0[45]:00:00\.000Z$/);
    assert.match(url.searchParams.get('to') ?? '', /T0[45]:59:59\.999Z$/);
    const chip = page.getByRole('list', { name: 'Filters from a report' }).getByText('First surveys only');
    assert.equal(await chip.isVisible(), true);
    await page.getByRole('button', { name: 'Remove filter: First surveys only' }).click();
    await page.waitForURL((u) => !u.searchParams.has('recovery'));
    assert.deepEqual(await cardNames(page), ['Alice Archer', 'Carla Cruz', 'Elena Estes']);

    // The channel table: email's responses.
    await page.goto(`${baseUrl}/reports`);
    await page.getByRole('link', { name: /^email, See the responses behind Responses/ }).click();
    assert.deepEqual(await cardNames(page), ['Bruno Baker']);

    // The trend as a table: today's responses.
    await page.goto(`${baseUrl}/reports?metric=responses`);
    await page.getByRole('button', { name: 'Show as table' }).click();
    const trend = page.getByRole('region', { name: 'Trend: Responses' });
    const link = trend.getByRole('link');
    assert.equal(await link.count(), 1, 'one day with responses');
    assert.equal(await link.textContent(), '4');
    await link.click();
    assert.deepEqual(await cardNames(page), ['Alice Archer', 'Bruno Baker', 'Carla Cruz', 'Elena Estes']);
  });

  it('an agent sees only their own figures, and no team view', async () => {
    const page = await signedIn('mia');
    await page.goto(`${baseUrl}/reports`);
    await page.getByRole('heading', { level: 1, name: 'Performance' }).waitFor();
    assert.equal(await kpi(page, 'Responses'), '2');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).count(), 0);
    await page.goto(`${baseUrl}/reports/team`);
    await page.getByRole('heading', { name: 'No team to show' }).waitFor();
  });

  it('filters live in the URL: a channel narrows every figure', async () => {
    const page = await signedIn('admin');
    await page.goto(`${baseUrl}/reports`);
    assert.equal(await kpi(page, 'Responses'), '5');
    await page.getByRole('region', { name: 'Report filters' }).getByRole('button', { name: /^Channel/ }).click();
    await page.getByRole('dialog', { name: 'Channel' }).getByRole('checkbox', { name: 'email' }).check();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.get('channel') === 'email');
    await page.waitForFunction(() => document.querySelector('.kpi .kpi__value')?.textContent?.trim() === '2');
    assert.match(await kpi(page, '% negative'), /^100\.0\s?%/);
    assert.equal(await page.getByText('Not by channel, brand or tag').count(), 2, 'QA and coaching have no channel');
  });
});

describe('the Team view', () => {
  it('one row per agent, with or without responses; sorted with the keyboard; a cell opens its responses', async () => {
    const page = await signedIn('lea');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
    await page.locator('.team-table').waitFor();
    assert.deepEqual(await teamRows(page), ['Lea Test', 'Max Test', 'Mia Test', 'Nia Test']);
    const nia = page.locator('.team-table tbody tr', { hasText: 'Nia Test' });
    assert.deepEqual((await nia.locator('td').allTextContents()).slice(0, 3), ['0', '—', '—']);

    // Keyboard only: Tab to the Responses header, Enter sorts (most first), Enter again reverses.
    await page.getByRole('link', { name: 'Download CSV' }).focus();
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement?.closest('th')?.textContent === 'Responses');
    }
    assert.ok(found, 'the Responses header is reachable with Tab');
    const header = page.getByRole('columnheader', { name: 'Responses' });
    assert.equal(await header.getAttribute('aria-sort'), 'none');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('sort') === 'responses');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await teamRows(page), ['Mia Test', 'Lea Test', 'Max Test', 'Nia Test']);
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(await teamRows(page), ['Nia Test', 'Lea Test', 'Max Test', 'Mia Test']);
    assert.equal(await page.getByRole('columnheader', { name: 'Agent' }).getAttribute('aria-sort'), 'none');

    // The CSV of the same rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(download.suggestedFilename(), /\.csv$/);
    for (const name of ['Lea', 'Max', 'Mia']) assert.match(csv, new RegExp(name));
    assert.doesNotMatch(csv, /Moe/);

    // Mia's negative figure: Bruno's 2 stars.
    await page.getByRole('link', { name: /^Mia Test, See the responses behind % negative/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Stream' }).waitFor();
    assert.deepEqual(await cardNames(page), ['Bruno Baker']);
    assert.equal(await metric(page, 'Responses'), '1');
    const url = new URL(page.url());
    assert.deepEqual(url.searchParams.getAll('agent'), [String(org.people.mia.id)]);
    assert.deepEqual(url.searchParams.getAll('stars'), ['1', '2', '3']);

    // Mia's responses: the figure is the number of cards.
    await page.goBack();
    const figure = page.getByRole('link', { name: /^Mia Test, See the responses behind Responses/ });
    const count = Number(await figure.textContent());
    await figure.click();
    assert.equal((await cardNames(page)).length, count);
  });
});

describe('accessibility and layout', () => {
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`both pages at ${size} size: axe-clean, no sideways scrolling, trend table too`, async () => {
      const page = await signedIn('lea', viewport);
      await page.goto(`${baseUrl}/reports`);
      await kpi(page, 'Responses');
      await page.locator('.trend__chart svg').waitFor();
      assert.equal(await overflows(page), false, 'the dashboard fits the width');
      await assertAccessible(page, `dashboard (${size})`);
      await shot(page, `reports-${size}`);
      await page.getByRole('button', { name: 'Show as table' }).click();
      await assertAccessible(page, `dashboard with the trend table (${size})`);
      await page.goto(`${baseUrl}/reports/team`);
      await page.locator('.team-table').waitFor();
      assert.equal(await overflows(page), false, 'the team view fits the width (its table scrolls inside)');
      await assertAccessible(page, `team view (${size})`);
      await shot(page, `reports-team-${size}`);
      for (const csp of violations) assert.deepEqual(csp, []);
    });
  }
});
