import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastOnWhite } from '../src/modules/companies/brand-kit-rules.ts';
import { assertAccessible, DESKTOP, PHONE } from './helpers/browser.ts';
import { assertFits, reportsBrowserWorld, screenshot } from './helpers/reports-web.ts';

/**
 * The Brands page in a real browser, as an admin edits a brand with the keyboard: display name,
 * an accent colour refused for its contrast (the server's message inline, with a darker colour to
 * try) then accepted and previewed, sender name, French copy; it fits 390 px and 1280 px and
 * passes axe-core. A team leader has no Brands page. The dashboard shows the Survey completion
 * table. WEB_SHOTS_DIR=/tmp/web-shots saves screenshots.
 */
const world = reportsBrowserWorld();

const brandRow = async () => world.ctx.db.kysely.selectFrom('brands').selectAll().where('company_id', '=', world.org.company.id).executeTakeFirstOrThrow();

describe('the Brands page', () => {
  it('lets an admin edit a brand kit with the keyboard; a pale accent is refused inline with a colour that passes', async () => {
    const page = await world.sessions.signedIn('admin', DESKTOP);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Brands' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Brand “peak”' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/settings/brands');
    await assertAccessible(page, 'Brands page (1280)');
    await assertFits(page, 'Brands page at 1280 px');

    // Display name, by keyboard: focus the field and type.
    const displayName = page.getByRole('textbox', { name: 'Display name' });
    await displayName.focus();
    await page.keyboard.type('Blanca Peak');
    const hex = page.getByRole('textbox', { name: 'Hex value' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await hex.evaluate((el) => el === document.activeElement), true, 'Tab reaches the colour picker, then the hex field');
    await page.keyboard.type('#ffcc00');
    await page.keyboard.press('Enter');
    const error = page.locator('.field__error', { hasText: 'accent_color #ffcc00' });
    await error.waitFor();
    const message = (await error.textContent())!;
    const suggestion = /^accent_color #ffcc00 has 1\.5:1 contrast on white; text needs 4\.5:1 — try (#[0-9a-f]{6})$/.exec(message);
    assert.ok(suggestion, message);
    assert.equal(await hex.getAttribute('aria-invalid'), 'true');
    assert.ok((await hex.getAttribute('aria-describedby'))!.includes((await error.getAttribute('id'))!), 'the message is read with the field');
    assert.equal((await brandRow()).display_name, null, 'nothing saved while a field is refused');

    // The suggested colour passes; the preview shows it on a button and a link.
    await hex.fill('');
    await hex.focus();
    await page.keyboard.type(suggestion[1]);
    const toRgb = (h: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16)).join(', ')})`;
    const preview = page.getByRole('group', { name: 'Preview on white' });
    assert.equal(await preview.getByText('Rate your experience').evaluate((el) => getComputedStyle(el).backgroundColor), toRgb(suggestion[1]));
    assert.equal(await preview.getByText('Unsubscribe').evaluate((el) => getComputedStyle(el).color), toRgb(suggestion[1]));
    assert.ok(contrastOnWhite(suggestion[1]) >= 4.5);

    await page.getByRole('textbox', { name: 'Sender name' }).fill('{first_name} at {brand}');
    // French copy: pick the language with the keyboard, then write the closing message.
    const language = page.getByRole('combobox', { name: 'Language' });
    await language.focus();
    await language.selectOption('fr');
    await page.getByRole('textbox', { name: 'Closing screen message' }).fill('Merci, {customer} ! À bientôt chez {brand}.');
    await page.getByRole('textbox', { name: 'Email subject' }).fill('Comment {first_name} vous a-t-il aidé ?');
    await page.getByRole('button', { name: 'Save brand' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const row = await brandRow();
    assert.equal(row.display_name, 'Blanca Peak');
    assert.equal(row.accent_color, suggestion[1]);
    assert.equal(row.sender_name, '{first_name} at {brand}');
    assert.deepEqual(JSON.parse(row.copy!), { fr: { subject: 'Comment {first_name} vous a-t-il aidé ?', closing: 'Merci, {customer} ! À bientôt chez {brand}.' } });
    // The brand list names it as customers see it now.
    await page.getByRole('navigation', { name: 'Brands' }).getByText('Blanca Peak').waitFor();

    // An unknown placeholder in the copy is refused on its field, in its language.
    await page.getByRole('textbox', { name: 'Greeting' }).fill('Bonjour {prenom}');
    await page.getByRole('button', { name: 'Save brand' }).click();
    await page.locator('.field__error', { hasText: 'copy.fr.greeting: unknown placeholder {prenom}' }).waitFor();
    await assertAccessible(page, 'Brands page with a refused field');
    await screenshot(page, 'brands-1280');
  });

  it('fits a phone and passes axe-core there', async () => {
    const page = await world.sessions.signedIn('admin', PHONE);
    await page.goto(`${world.baseUrl}/settings/brands`);
    await page.getByRole('heading', { level: 2, name: 'Brand “peak”' }).waitFor();
    await assertFits(page, 'Brands page at 390 px');
    await assertAccessible(page, 'Brands page (390)');
    const box = await page.getByRole('button', { name: 'Save brand' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'the save button is on screen');
    await screenshot(page, 'brands-390');
  });

  it('is not offered to a team leader', async () => {
    const page = await world.sessions.signedIn('lea', DESKTOP);
    await page.getByRole('heading', { level: 1, name: 'Stream' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brands' }).count(), 0);
    await page.goto(`${world.baseUrl}/settings/brands`);
    await page.getByText('Only admins manage brands.').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Display name' }).count(), 0);
  });

  it('the dashboard shows the survey completion table', async () => {
    const page = await world.sessions.signedIn('admin', DESKTOP);
    const answered = page.waitForResponse((response) => response.url().includes('/app/api/reports/funnel'));
    await page.goto(`${world.baseUrl}/reports`);
    const funnel = await (await answered).json();
    const table = page.getByRole('table', { name: 'Survey completion' });
    await table.waitFor();
    assert.deepEqual(await table.locator('tbody th').allTextContents(),
      ['Delivered', 'Rated (clicked a star or rated on the page)', 'Answered a follow-up question', 'Finished (reached the closing screen)']);
    const counts = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.querySelector('td')?.textContent?.trim()));
    assert.deepEqual(counts, [funnel.delivered.count, funnel.opened_or_clicked.count, funnel.answered_follow_up.count, funnel.finished.count].map(String));
    await assertAccessible(page, 'dashboard with the funnel');
  });
});
