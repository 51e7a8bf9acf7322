import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible } from './helpers/browser.ts';
import { assertFits, eventually, reportsBrowserWorld, screenshot } from './helpers/reports-web.ts';

/**
 * The leaderboard in a real browser: agents ranked as the data says (ties share a rank), the
 * minimum number of responses, choices in the URL, an agent's view of their team; TV mode without
 * the app's chrome, in large type, updating itself (on a timer and when the tab comes back) without
 * a reload or growing, left with Escape or the keyboard; axe-core in TV mode at 1920x1080.
 * Phone and desktop sizes: web-app-leaderboard-layout-browser.test.ts. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
const world = reportsBrowserWorld();
const TV = { width: 1920, height: 1080 };

/** The ranked rows as [rank as announced ("Rank 2, tied"), name, value]. */
async function rankedRows(page: Page): Promise<string[][]> {
  const list = page.getByRole('list', { name: 'Ranking' });
  await list.waitFor();
  return list.locator('.board__row').evaluateAll((rows) => rows.map((row) => [
    (row.querySelector('.board__rank .sr-only')?.textContent ?? '').replace(/[:,]\s*(First|Second|Third) place/, '').replace(/:\s*$/, '').trim(),
    row.querySelector('.board__name')?.textContent ?? '',
    row.querySelector('.board__value')?.textContent ?? '',
  ]));
}

async function unrankedNames(page: Page): Promise<string[]> {
  const section = page.getByRole('region', { name: 'Not yet ranked' });
  if (await section.count() === 0) return [];
  return section.locator('.unranked__name').allTextContents();
}

describe('the leaderboard', () => {
  it('ranks agents in the order the data says, shares ranks on ties, and honours the minimum number of responses', async () => {
    const page = await world.sessions.signedIn('lea');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leaderboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor();
    // The default minimum (5): nobody has enough ratings yet; everyone is listed as not yet ranked.
    await page.getByRole('heading', { name: 'Nobody is ranked yet' }).waitFor();
    assert.deepEqual(await unrankedNames(page), ['Ann Avery', 'Ben Baker', 'Cat Cruz', 'Dan Diaz', 'Eve Estes', 'Finn Ford', 'Gus Gray']);

    // A minimum of 3, typed: Eve and Gus (one rating each) are not ranked; Ben and Cat tie for second, Dan is fourth.
    const minimum = page.getByLabel('Minimum to rank');
    await minimum.fill('3');
    await page.waitForURL((url) => url.searchParams.get('min_responses') === '3');
    await eventually(() => rankedRows(page), [
      ['Rank 1', 'Ann Avery', '5.00'],
      ['Rank 2, tied', 'Ben Baker', '4.33'],
      ['Rank 2, tied', 'Cat Cruz', '4.33'],
      ['Rank 4', 'Dan Diaz', '3.33'],
      ['Rank 5', 'Finn Ford', '2.00'],
    ]);
    assert.deepEqual(await unrankedNames(page), ['Eve Estes', 'Gus Gray']);
    // The top three stand out by a medal with the place (not colour alone), named for screen readers.
    assert.equal(await page.locator('.board__row--podium .medal').count(), 3, 'ranks 1, 2 and 2 (tied) get a medal; rank 4 does not');
    assert.match((await page.locator('.board__row').first().locator('.sr-only').textContent()) ?? '', /First place/);

    // A minimum of 1: Eve joins Ann at the top (equal values share rank 1), the next rank is 3.
    await minimum.fill('1');
    await eventually(async () => (await rankedRows(page)).map((row) => row.slice(0, 2).join(' ')), [
      'Rank 1, tied Ann Avery', 'Rank 1, tied Eve Estes', 'Rank 3, tied Ben Baker', 'Rank 3, tied Cat Cruz', 'Rank 5 Dan Diaz', 'Rank 6 Gus Gray', 'Rank 7 Finn Ford',
    ]);
    assert.deepEqual(await unrankedNames(page), []);

    // Another metric and a channel filter, all in the URL; the URL opened elsewhere shows the same board.
    await page.getByLabel('Ranked by').selectOption({ label: 'NPS' });
    await page.waitForURL((url) => url.searchParams.get('metric') === 'nps');
    await eventually(() => rankedRows(page), [['Rank 1', 'Ann Avery', '100']]);
    await page.getByLabel('Ranked by').selectOption({ label: 'Star average' });
    await page.getByRole('region', { name: 'Leaderboard choices' }).getByRole('button', { name: /^Channel/ }).click();
    await page.getByRole('dialog', { name: 'Channel' }).getByRole('checkbox', { name: 'email' }).check();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.get('channel') === 'email' && !url.searchParams.has('metric'));
    await eventually(() => rankedRows(page), [['Rank 1', 'Cat Cruz', '4.33']]);
    const other = await world.sessions.signedIn('admin');
    await other.goto(page.url());
    await eventually(() => rankedRows(other), [['Rank 1', 'Cat Cruz', '4.33']]);
    assert.equal(await other.getByLabel('Minimum to rank').inputValue(), '1');
  });

  it('an agent sees the board of their own team', async () => {
    const page = await world.sessions.signedIn('eve');
    await page.goto(`${world.baseUrl}/reports/leaderboard?min_responses=3`);
    await eventually(async () => (await rankedRows(page)).map((row) => row[1]), ['Ann Avery', 'Ben Baker', 'Cat Cruz', 'Dan Diaz', 'Finn Ford']);
    assert.deepEqual(await unrankedNames(page), ['Eve Estes', 'Gus Gray']);
  });

  it('TV mode: no app chrome, large type, updates itself without a reload, and Escape leaves it', async () => {
    const page = await world.sessions.signedIn('lea', TV);
    await page.goto(`${world.baseUrl}/reports/leaderboard?min_responses=3&tv=1&refresh=2`);
    await eventually(async () => (await rankedRows(page)).map((row) => row[1]), ['Ann Avery', 'Ben Baker', 'Cat Cruz', 'Dan Diaz', 'Finn Ford']);
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0, 'no app header in TV mode');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Star average · Leaderboard');
    const nameSize = await page.locator('.board__name').first().evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
    assert.ok(nameSize >= 36, `names are large enough to read from across a room (${nameSize}px)`);
    await assertFits(page, 'TV mode at 1920x1080');
    await assertAccessible(page, 'TV mode at 1920x1080');
    await screenshot(page, 'tv-1920');
    const updated = await page.locator('.tv__updated').textContent();
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });

    // Eve gets two more 5-star ratings: she joins Ann at the top at the next refresh, with no reload.
    await world.org.respond(world.org.people.eve, { stars: 5 });
    await world.org.respond(world.org.people.eve, { stars: 5 });
    await world.org.refresh();
    await eventually(async () => (await rankedRows(page)).slice(0, 2).map((row) => row.slice(0, 2).join(' ')), ['Rank 1, tied Ann Avery', 'Rank 1, tied Eve Estes'], 10_000);
    assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'the page was not reloaded');
    assert.equal(((await page.locator('.tv__foot').textContent()) ?? '').trim(), '1 agent not yet ranked', 'Gus still has one rating');
    // The time of the last update is shown (it may read the same minute).
    assert.match(updated ?? '', /^Updated \d/);

    // Left on for a long time, the page does not grow: the same elements after more refreshes.
    const stamp = async () => Number(await page.locator('.tv__updated').getAttribute('data-updated-at'));
    const nodes = () => page.evaluate(() => document.querySelectorAll('*').length);
    const before = { nodes: await nodes(), stamp: await stamp() };
    await page.waitForFunction((last) => Number(document.querySelector('.tv__updated')?.getAttribute('data-updated-at')) > last + 3000, before.stamp);
    assert.equal(await nodes(), before.nodes);

    // Keyboard: Tab reaches the exit button; Escape leaves TV mode and focus returns to the TV mode button.
    let reached = false;
    for (let i = 0; i < 5 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.getByRole('button', { name: /^Exit TV mode/ }).evaluate((node) => node === document.activeElement);
    }
    assert.ok(reached, 'the exit button is reachable with Tab');
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => !url.searchParams.has('tv') && url.searchParams.get('min_responses') === '3');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.includes('TV mode'));
  });

  it('TV mode reloads the board at once when its tab becomes visible again', async () => {
    const page = await world.sessions.signedIn('lea', TV);
    await page.goto(`${world.baseUrl}/reports/leaderboard?min_responses=3&tv=1&refresh=3600`);
    await page.getByRole('list', { name: 'Ranking' }).waitFor();
    const names = async () => (await rankedRows(page)).map((row) => row[1]);
    assert.equal((await names()).includes('Hal Hill'), false);
    for (const stars of [1, 1, 2]) await world.org.respond(world.org.people.hal, { stars });
    await world.org.refresh();
    // Hidden, then visible again (as when the TV's browser tab comes back to the front).
    await page.evaluate(`
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    `);
    await eventually(async () => (await names()).at(-1), 'Hal Hill', 5000);
  });

  it('keyboard only: choose a metric and start TV mode, then leave it with the exit button', async () => {
    const page = await world.sessions.signedIn('admin');
    await page.goto(`${world.baseUrl}/reports/leaderboard?min_responses=3`);
    await page.getByRole('list', { name: 'Ranking' }).waitFor();
    const metric = page.getByLabel('Ranked by');
    await metric.focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForURL((url) => url.searchParams.get('metric') === 'five_star_pct');
    await page.getByRole('heading', { level: 2, name: '% five star' }).waitFor();
    // Tab from the metric onward until the TV mode button is reached (it is before the choices, so go back).
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'TV mode');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('tv') === '1');
    await page.getByRole('heading', { level: 1, name: '% five star · Leaderboard' }).waitFor();
    const exit = page.getByRole('button', { name: /^Exit TV mode/ });
    for (let i = 0; i < 5 && !(await exit.evaluate((node) => node === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.searchParams.has('tv'));
    await page.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor();
  });
});
