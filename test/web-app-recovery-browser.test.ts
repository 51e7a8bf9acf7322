import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, DESKTOP, PHONE } from './helpers/browser.ts';
import { assertFits, reportsBrowserWorld, screenshot } from './helpers/reports-web.ts';
import { cardNames } from './helpers/web-app.ts';

/**
 * The service recovery page in a real browser: recoveries sent and answered, the answer rate, and
 * how ratings moved, as the data says, in the summary, the weekly table and by agent; answered
 * counts link into the Stream; an agent sees only their own; the charts and tables fit a phone and
 * pass axe-core; no CSP violation. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
const world = reportsBrowserWorld();
const today = new Date().toISOString().slice(0, 10);

describe('the service recovery page', () => {
  it('shows recoveries sent and answered, the answer rate and how ratings moved, as the data says; counts open the Stream', async () => {
    const page = await world.sessions.signedIn('lea');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service recovery' }).click();
    await page.getByRole('heading', { level: 1, name: 'Service recovery' }).waitFor();
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.and(page.locator('[aria-busy=false]')).waitFor();
    const figure = async (name: string) => ((await summary.locator('.metric', { has: page.getByText(name, { exact: true }) }).locator('dd').textContent()) ?? '').trim();
    assert.equal(await figure('Recoveries sent'), '3');
    assert.match(await figure('Answered'), /^2/);
    assert.match(await figure('Answer rate'), /^66\.7\s?%/);
    assert.match(await figure('Rating before'), /^1\.50/);
    assert.match(await figure('Rating after'), /^2\.50/);
    assert.match(await figure('Improved'), /^50\s?%1 of 2 rated higher/);

    // The weekly trend as a table: this week has all of it, with the total below.
    await page.getByRole('group', { name: 'Show the weekly trend as' }).getByRole('button', { name: 'Table' }).click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'table');
    const weekly = page.getByRole('table', { name: 'By week' });
    // The cells as seen (without the links' screen-reader words).
    const cells = (row: ReturnType<Page['locator']>) => row.locator('td').evaluateAll((tds) => tds.map((td) => {
      const copy = td.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.sr-only').forEach((node) => node.remove());
      return (copy.textContent ?? '').replace(/\s/g, '');
    }));
    const thisWeek = weekly.locator('tbody tr').last();
    assert.deepEqual(await cells(thisWeek), ['3', '2', '66.7%', '1.50', '2.50', '50%']);
    assert.deepEqual(await cells(weekly.locator('tfoot tr')), ['3', '2', '66.7%', '1.50', '2.50', '50%']);
    const weeks = await weekly.locator('tbody tr').count();
    assert.ok(weeks >= 13 && weeks <= 14, `the last 90 days have 13 or 14 weeks (${weeks})`);

    // By agent: Finn's recoveries; his answered count opens them in the Stream.
    const agents = page.getByRole('table', { name: 'By agent' });
    assert.deepEqual(await agents.locator('tbody th').allTextContents(), ['Finn Ford']);
    assert.deepEqual(await cells(agents.locator('tbody tr').first()), ['3', '2', '66.7%', '1.50', '2.50', '50%']);
    const link = agents.getByRole('link', { name: /^2 answered recoveries/ });
    const href = new URL((await link.getAttribute('href'))!, world.baseUrl);
    assert.equal(href.pathname, '/');
    assert.equal(href.searchParams.get('recovery'), 'true');
    assert.equal(href.searchParams.get('agent'), String(world.org.people.finn.id));
    assert.equal(href.searchParams.get('period'), 'custom');
    // The exact end of today in the company's time zone (UTC here), so the Stream's days are the report's.
    assert.equal(href.searchParams.get('to'), `${today}T23:59:59.999Z`);
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Stream' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal((await cardNames(page)).length, 2, 'the Stream shows exactly the 2 answered recoveries');
  });

  it('an agent sees their own recoveries, without the breakdown by agent', async () => {
    const finn = await world.sessions.signedIn('finn');
    await finn.goto(`${world.baseUrl}/reports/recovery`);
    const summary = finn.getByRole('region', { name: 'Summary' });
    await summary.and(finn.locator('[aria-busy=false]')).waitFor();
    assert.equal(((await summary.locator('.metric').first().locator('dd').textContent()) ?? '').trim(), '3');
    assert.equal(await finn.getByRole('heading', { name: 'By agent' }).count(), 0);
    const ann = await world.sessions.signedIn('ann');
    await ann.goto(`${world.baseUrl}/reports/recovery`);
    await ann.getByRole('heading', { name: 'No service recoveries in this period' }).waitFor();
  });
});

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  describe(`at ${size} size (${viewport.width}x${viewport.height})`, () => {
    it('the charts and the tables fit the width and pass axe-core', async () => {
      const page = await world.sessions.signedIn('lea', viewport);
      await page.goto(`${world.baseUrl}/reports/recovery`);
      await page.getByRole('region', { name: 'Summary' }).and(page.locator('[aria-busy=false]')).waitFor();
      await page.locator('.recharts-surface').first().waitFor();
      await screenshot(page, `${size}-recovery`);
      await assertFits(page, `recovery at ${size}`);
      await assertAccessible(page, `recovery (chart) at ${size}`);
      await page.goto(`${world.baseUrl}/reports/recovery?view=table`);
      await page.getByRole('table', { name: 'By week' }).waitFor();
      await page.getByRole('table', { name: 'By agent' }).waitFor();
      await screenshot(page, `${size}-recovery-table`);
      await assertFits(page, `recovery table at ${size}`);
      await assertAccessible(page, `recovery (table) at ${size}`);
      for (const csp of world.sessions.cspViolations) assert.deepEqual(csp, []);
    });
  });
}
