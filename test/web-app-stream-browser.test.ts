import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, personContext } from './helpers/browser.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { cardNames, metric, signInThroughForm, webOrg } from './helpers/web-app.ts';

/** Who sees what on the Stream, and filters that live in the URL, in a real browser. */
let ctx: TestContext;
let baseUrl: string;
let browser: Browser;
let org: Awaited<ReturnType<typeof webOrg>>;
const contexts: BrowserContext[] = [];
const violations: string[][] = [];

before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  browser = await launchChromium();
  org = await webOrg(ctx);
});
after(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await ctx.close();
});

async function signedIn(who: keyof typeof org.people): Promise<Page> {
  const { context, cspViolations } = await personContext(browser);
  contexts.push(context);
  violations.push(cspViolations);
  const page = await context.newPage();
  await signInThroughForm(page, baseUrl, org.people[who].email);
  return page;
}

const filterButton = (page: Page, name: string) => page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: new RegExp(`^${name}`) });

describe('each role sees exactly its scope', () => {
  const expected: Record<string, string[]> = {
    mia: ['Alice Archer', 'Bruno Baker'],
    max: ['Carla Cruz'],
    lea: ['Alice Archer', 'Bruno Baker', 'Carla Cruz', 'Elena Estes'],
    leo: ['Carla Cruz', 'Dario Diaz'],
    admin: ['Alice Archer', 'Bruno Baker', 'Carla Cruz', 'Dario Diaz', 'Elena Estes'],
    olga: ['Zoe Zimmer'],
  };
  for (const [who, names] of Object.entries(expected)) {
    it(`${who} sees ${names.join(', ')}`, async () => {
      const page = await signedIn(who as keyof typeof org.people);
      assert.deepEqual(await cardNames(page), names);
      assert.equal(await metric(page, 'Responses'), String(names.length));
      const leads = who === 'lea' || who === 'leo' || who === 'admin' || who === 'olga';
      assert.equal(await filterButton(page, 'Agent').count(), leads ? 1 : 0, 'the agent filter is for leaders and admins');
      if (who === 'lea') assert.equal(await filterButton(page, 'Team').count(), 1, 'a leader may filter by team');
      if (who === 'mia' || who === 'max') assert.equal(await filterButton(page, 'Team').count(), 0);
      await page.close();
    });
  }

  it('a member opening a colleague\'s or another company\'s response sees the not-found state; their own opens', async () => {
    const page = await signedIn('mia');
    for (const customer of ['Carla Cruz', 'Zoe Zimmer']) {
      await page.goto(`${baseUrl}/feedback/${org.ids[customer]}`);
      await page.getByRole('heading', { level: 1, name: 'Response not found' }).waitFor();
      assert.equal(await page.getByText(customer).count(), 0);
    }
    await page.goto(`${baseUrl}/feedback/${org.ids['Alice Archer']}`);
    await page.getByRole('heading', { level: 1, name: 'Alice Archer' }).waitFor();
    assert.equal(await page.getByText('Quick and kind').isVisible(), true);
    // A leader opens the page of a team member's response; the admin of the other company does not.
    const leader = await signedIn('leo');
    await leader.goto(`${baseUrl}/feedback/${org.ids['Carla Cruz']}`);
    await leader.getByRole('heading', { level: 1, name: 'Carla Cruz' }).waitFor();
    const outsider = await signedIn('olga');
    await outsider.goto(`${baseUrl}/feedback/${org.ids['Carla Cruz']}`);
    await outsider.getByRole('heading', { level: 1, name: 'Response not found' }).waitFor();
  });
});

describe('filters in the URL', () => {
  it('choosing 5 stars narrows the cards and the summary, and puts the filter in the URL; the URL opens filtered', async () => {
    const page = await signedIn('admin');
    assert.equal((await cardNames(page)).length, 5);
    await filterButton(page, 'Stars').click();
    const popover = page.getByRole('dialog', { name: 'Stars' });
    await popover.getByRole('checkbox', { name: '5 stars' }).check();
    await popover.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL((url) => url.searchParams.getAll('stars').join() === '5');
    await page.waitForFunction(() => document.querySelectorAll('ol.cards article').length === 2);
    assert.deepEqual(await cardNames(page), ['Alice Archer', 'Elena Estes']);
    await eventuallyEqual(() => metric(page, 'Responses'), '2');
    assert.equal(await metric(page, 'Average stars'), '5.00');
    assert.match(await metric(page, 'Positive'), /^100\s?%/);
    assert.match((await filterButton(page, 'Stars').textContent()) ?? '', /1 selected/);

    // Add a channel: both filters in the URL.
    await filterButton(page, 'Channel').click();
    await page.getByRole('dialog', { name: 'Channel' }).getByRole('checkbox', { name: 'phone' }).check();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.get('channel') === 'phone' && url.searchParams.get('stars') === '5');
    await page.waitForFunction(() => document.querySelectorAll('ol.cards article').length === 1);
    assert.deepEqual(await cardNames(page), ['Elena Estes']);
    const shared = page.url();

    // The shared link, opened by another person of the company: the same filters, applied and shown.
    const other = await signedIn('admin');
    await other.goto(shared);
    assert.deepEqual(await cardNames(other), ['Elena Estes']);
    await eventuallyEqual(() => metric(other, 'Responses'), '1');
    assert.match((await filterButton(other, 'Stars').textContent()) ?? '', /1 selected/);
    assert.match((await filterButton(other, 'Channel').textContent()) ?? '', /1 selected/);
    await filterButton(other, 'Stars').click();
    assert.equal(await other.getByRole('dialog', { name: 'Stars' }).getByRole('checkbox', { name: '5 stars' }).isChecked(), true);
    assert.equal(await other.getByRole('dialog', { name: 'Stars' }).getByRole('checkbox', { name: '4 stars' }).isChecked(), false);
    await other.keyboard.press('Escape');

    // Clearing the filters brings every card back, and the URL is bare again.
    await other.getByRole('button', { name: 'Clear filters' }).click();
    await other.waitForURL((url) => url.search === '');
    await other.waitForFunction(() => document.querySelectorAll('ol.cards article').length === 5);
    await eventuallyEqual(() => metric(other, 'Responses'), '5');
    for (const csp of violations) assert.deepEqual(csp, []);
  });

  it('"with comment" and the email channel: only the commented email response', async () => {
    const page = await signedIn('lea');
    await page.goto(`${baseUrl}/?channel=email`);
    assert.deepEqual(await cardNames(page), ['Bruno Baker']);
    await page.getByRole('switch', { name: 'With comment' }).click();
    await page.waitForURL((url) => url.searchParams.get('comment') === 'true');
    await page.getByText('No responses match these filters').waitFor();
    await eventuallyEqual(() => metric(page, 'Responses'), '0');
  });
});

async function eventuallyEqual(read: () => Promise<string>, expected: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  assert.equal(last, expected);
}
