import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, DESKTOP, PHONE } from './helpers/browser.ts';
import { assertFits, reportsBrowserWorld, screenshot, settle } from './helpers/reports-web.ts';

/**
 * The leaderboard and its TV mode at phone (390x844) and desktop (1280x900) sizes: no sideways
 * scrolling, the TV mode button visible, axe-core clean (also with a filter open), no CSP
 * violation. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
const world = reportsBrowserWorld();

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  describe(`at ${size} size (${viewport.width}x${viewport.height})`, () => {
    it('the leaderboard and its TV mode fit the width and pass axe-core (a filter open too)', async () => {
      const page = await world.sessions.signedIn('lea', viewport);
      await page.goto(`${world.baseUrl}/reports/leaderboard?min_responses=3`);
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

      await page.goto(`${world.baseUrl}/reports/leaderboard?min_responses=3&tv=1`);
      await page.getByRole('list', { name: 'Ranking' }).waitFor();
      await assertFits(page, `TV mode at ${size}`);
      await assertAccessible(page, `TV mode at ${size}`);
      await screenshot(page, `${size}-tv`);

      for (const csp of world.sessions.cspViolations) assert.deepEqual(csp, []);
    });
  });
}
