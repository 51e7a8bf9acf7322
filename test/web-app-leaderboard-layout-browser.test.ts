import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, DESKTOP, launchChromium, PHONE } from './helpers/browser.ts';
import { assertFits, browserSessions, reportsOrg, screenshot, settle } from './helpers/reports-web.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

/**
 * The leaderboard and its TV mode at phone (390x844) and desktop (1280x900) sizes: no sideways
 * scrolling, the TV mode button visible, axe-core clean (also with a filter open), no CSP
 * violation. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
let ctx: TestContext;
let baseUrl: string;
let browser: Browser;
let org: Awaited<ReturnType<typeof reportsOrg>>;
const sessions = browserSessions(() => browser, () => baseUrl, () => org.people);

before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  browser = await launchChromium();
  org = await reportsOrg(ctx);
});
after(async () => {
  await sessions.closeAll();
  await browser.close();
  await ctx.close();
});

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  describe(`at ${size} size (${viewport.width}x${viewport.height})`, () => {
    it('the leaderboard and its TV mode fit the width and pass axe-core (a filter open too)', async () => {
      const page = await sessions.signedIn('lea', viewport);
      await page.goto(`${baseUrl}/reports/leaderboard?min_responses=3`);
      await page.getByRole('list', { name: 'Ranking' }).waitFor();
      await page.getByRole('region', { name: 'Not yet ranked' }).waitFor();
      await assertFits(page, `leaderboard at ${size}`);
      assert.equal(await page.getByRole('button', { name: /TV mode/ }).isVisible(), true);
      await assertAccessible(page, `leaderboard at ${size}`);
      await screenshot(page, `${size}-leaderboard`);
      await page.getByRole('region', { name: 'Leaderboard choices' }).getByRole('button', { name: /^Team/ }).click();
      await page.getByRole('dialog', { name: 'Team' }).waitFor();
      await settle(page);
      await assertAccessible(page, `leaderboard at ${size}, team filter open`);
      await page.keyboard.press('Escape');

      await page.goto(`${baseUrl}/reports/leaderboard?min_responses=3&tv=1`);
      await page.getByRole('list', { name: 'Ranking' }).waitFor();
      await assertFits(page, `TV mode at ${size}`);
      await assertAccessible(page, `TV mode at ${size}`);
      await screenshot(page, `${size}-tv`);

      for (const csp of sessions.cspViolations) assert.deepEqual(csp, []);
    });
  });
}
