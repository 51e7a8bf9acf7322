import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, DESKTOP, launchChromium, personContext, PHONE } from './helpers/browser.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { answeredRequest, cardNames, overflows, signInThroughForm, webOrg } from './helpers/web-app.ts';

/**
 * Every page at phone (390x844) and desktop (1280x900) sizes: no sideways scrolling, the key
 * controls visible, axe-core clean (also with the account menu and a filter popover open), no CSP
 * violation; and the app used with the keyboard alone. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
let ctx: TestContext;
let baseUrl: string;
let browser: Browser;
let org: Awaited<ReturnType<typeof webOrg>>;
const shots = process.env.WEB_SHOTS_DIR;

before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  browser = await launchChromium();
  org = await webOrg(ctx);
  // Long words and a long comment, which must wrap rather than widen a phone's page.
  await answeredRequest(ctx, org.company, org.people.mia, 'Maximiliana Wolfeschlegelsteinhausenbergerdorff', {
    stars: 1, nps: 0, fcr: 'No', improvement: ['Speed', 'Knowledge'],
    comment: 'The agent kept me waiting for fortyfiveminutesandthenhungupwithoutanysolutionwhatsoever. '.repeat(4),
  }, { channel: 'email', brand: 'kids' });
  if (shots) mkdirSync(shots, { recursive: true });
});
after(async () => {
  await browser.close();
  await ctx.close();
});

/** The elements that reach past the viewport's right edge (to say what widens the page). */
function widest(page: Page): Promise<string> {
  return page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(-5).map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].join('.') + ' ' + Math.round(element.getBoundingClientRect().right) + 'px').join(', ')`) as Promise<string>;
}

/** The layout checks of one page (and its screenshot). */
async function check(page: Page, size: string, name: string, controls: ReturnType<Page['getByRole']>[]) {
  // Menus and popovers fade in: look at them (and let axe judge their contrast) once they have.
  await page.evaluate(`Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished))`);
  if (shots) await page.screenshot({ path: path.join(shots, `${size}-${name}.png`), fullPage: true });
  assert.equal(await overflows(page), false, `${name} at ${size} scrolls sideways: ${await widest(page)}`);
  for (const control of controls) assert.equal(await control.isVisible(), true, `${name} at ${size}: ${control} is visible`);
  await assertAccessible(page, `${name} at ${size}`);
}

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  describe(`every page at ${size} size (${viewport.width}x${viewport.height})`, () => {
    it('fits the width, shows its controls and passes axe-core, with no CSP violation', async () => {
      const { context, cspViolations } = await personContext(browser, { viewport });
      const page = await context.newPage();
      try {
        await page.goto(`${baseUrl}/login`);
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        await check(page, size, 'login', [page.getByLabel('Email'), page.getByRole('button', { name: 'Sign in' }), page.getByRole('link', { name: 'Forgot password?' })]);

        await page.goto(`${baseUrl}/forgot-password`);
        await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
        await check(page, size, 'forgot-password', [page.getByLabel('Email'), page.getByRole('button', { name: 'Send reset link' }), page.getByRole('link', { name: 'Back to sign in' })]);

        await page.goto(`${baseUrl}/login/no-such-page`);
        await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
        await check(page, size, 'not-found-signed-out', [page.getByRole('link', { name: 'Go to Stream' })]);

        await signInThroughForm(page, baseUrl, org.people.lea.email);
        assert.equal((await cardNames(page)).length, 5);
        const menuButton = page.getByRole('button', { name: /^Account menu/ });
        const stars = page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: /^Stars/ });
        const firstCard = page.getByRole('region', { name: 'Responses' }).getByRole('link', { name: 'Maximiliana Wolfeschlegelsteinhausenbergerdorff', exact: true });
        await check(page, size, 'stream', [menuButton, page.getByRole('heading', { level: 1, name: 'Stream' }), stars, page.getByRole('button', { name: '7 days' }), firstCard]);

        await menuButton.click();
        await page.getByRole('menu').waitFor();
        await check(page, size, 'stream-account-menu', [page.getByRole('menuitem', { name: 'Sign out' }), page.getByRole('menuitem', { name: 'Account and sessions' })]);
        await page.keyboard.press('Escape');
        await page.getByRole('menu').waitFor({ state: 'hidden' });

        await stars.click();
        const popover = page.getByRole('dialog', { name: 'Stars' });
        await popover.waitFor();
        await check(page, size, 'stream-filter-popover', [popover.getByRole('checkbox', { name: '1 star' }), popover.getByRole('button', { name: 'Done' })]);
        await page.keyboard.press('Escape');
        await popover.waitFor({ state: 'hidden' });

        await firstCard.click();
        await page.getByRole('heading', { level: 1, name: 'Maximiliana Wolfeschlegelsteinhausenbergerdorff' }).waitFor();
        await check(page, size, 'feedback', [page.getByRole('link', { name: 'Back to Stream' }).first(), page.getByRole('link', { name: /Open ticket/ }), menuButton]);

        await page.goto(`${baseUrl}/feedback/${org.ids['Zoe Zimmer']}`);
        await page.getByRole('heading', { level: 1, name: 'Response not found' }).waitFor();
        await check(page, size, 'feedback-not-found', [page.getByRole('link', { name: 'Back to Stream' }).first()]);

        await page.goto(`${baseUrl}/account`);
        await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
        await page.getByText('This device').waitFor();
        await check(page, size, 'account', [menuButton, page.getByRole('heading', { name: 'Sessions' })]);

        await page.goto(`${baseUrl}/account/no-such-page`);
        await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
        await check(page, size, 'not-found', [page.getByRole('link', { name: 'Go to Stream' })]);
        assert.deepEqual(cspViolations, []);
      } finally {
        await context.close();
      }
    });
  });
}

/** What has the focus, and whether it shows (an outline or a box-shadow). */
function focused(page: Page) {
  return page.evaluate(`(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
      tag: element.tagName.toLowerCase(),
      name: element.getAttribute('name'),
      role: element.getAttribute('role'),
      text: (element.textContent || '').trim(),
      href: element.getAttribute('href'),
      visible: outline || style.boxShadow !== 'none',
    };
  })()`) as Promise<{ tag: string; name: string | null; role: string | null; text: string; href: string | null; visible: boolean }>;
}

/**
 * Radix moves the focus a task after a menu mounts or unmounts: give it up to 3 s to land where `landed`
 * says, then let the caller's assertion judge (so a focus that never lands still fails, with its message).
 */
async function settledFocus(page: Page, landed: () => boolean) {
  await page.waitForFunction(landed, undefined, { timeout: 3000 }).catch(() => undefined);
}

/** Presses `key` until the focus is on what `wanted` accepts (at most `limit` times), checking each stop shows its focus. */
async function tabTo(page: Page, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, key = 'Tab', limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    if (now.tag !== 'body') assert.ok(now.visible, `the focus on ${now.tag} "${now.text.slice(0, 40)}" is visible`);
    if (wanted(now)) return now;
  }
  throw new Error(`${key} never reached the wanted element`);
}

describe('keyboard only', () => {
  it('signs in, opens a response and uses the account menu with Tab, Enter and Escape; the focus always shows', async () => {
    const { context, cspViolations } = await personContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/login`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      const start = await focused(page);
      assert.equal(start.name, 'email', 'the email field has the focus');
      assert.ok(start.visible);
      await page.keyboard.type(org.people.mia.email);
      await tabTo(page, (f) => f.name === 'password');
      await page.keyboard.type('correct horse battery staple');
      await tabTo(page, (f) => f.tag === 'button' && f.text === 'Sign in');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Stream' }).waitFor();
      assert.deepEqual(await cardNames(page), ['Alice Archer', 'Bruno Baker', 'Maximiliana Wolfeschlegelsteinhausenbergerdorff']);

      const link = await tabTo(page, (f) => f.tag === 'a' && f.text === 'Bruno Baker', 'Tab', 80);
      assert.equal(link.href, `/feedback/${org.ids['Bruno Baker']}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Bruno Baker' }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/feedback/${org.ids['Bruno Baker']}`);

      const trigger = await tabTo(page, (f) => f.tag === 'button' && f.text.includes('Mia Test'), 'Shift+Tab', 10);
      assert.ok(trigger.visible);
      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      await settledFocus(page, () => document.activeElement?.getAttribute('role') === 'menuitem');
      assert.equal((await focused(page)).role, 'menuitem', 'the menu takes the focus');
      await page.keyboard.press('ArrowDown');
      assert.equal((await focused(page)).role?.startsWith('menuitem'), true);
      await page.keyboard.press('Escape');
      await page.getByRole('menu').waitFor({ state: 'hidden' });
      await settledFocus(page, () => document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent?.includes('Mia Test') === true);
      const back = await focused(page);
      assert.ok(back.tag === 'button' && back.text.includes('Mia Test'), 'the focus returns to the menu button');
      assert.ok(back.visible, 'and shows there');
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });
});
