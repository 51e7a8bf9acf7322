import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchChromium, personContext, PHONE } from './helpers/browser.ts';
import { solidImage } from './helpers/images.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';
import { overflows, signInThroughForm, webOrg } from './helpers/web-app.ts';

/** An agent puts a photo and a title on their Account page, as customers will see them. */
let ctx: TestContext;
let baseUrl: string;
let browser: Browser;
let org: Awaited<ReturnType<typeof webOrg>>;

before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  browser = await launchChromium();
  org = await webOrg(ctx);
});
after(async () => {
  await browser.close();
  await ctx.close();
});

const stored = async (person: { company_id: number; id: number }) =>
  ctx.db.kysely.selectFrom('employees').select(['photo_key', 'title']).where('company_id', '=', person.company_id).where('id', '=', person.id).executeTakeFirstOrThrow();

describe('the photo and title on the Account page', () => {
  it('an agent previews and uploads a photo, sees the server refuse a text file, sets a title and removes the photo (phone)', async () => {
    const mia = org.people.mia;
    const { context, cspViolations } = await personContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await signInThroughForm(page, baseUrl, mia.email);
      await page.goto(`${baseUrl}/account`);
      const section = page.getByRole('region', { name: 'Photo and title' });
      await section.getByText('No photo yet').waitFor();

      await section.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await solidImage('jpeg', 640, 480) });
      await section.getByRole('img', { name: 'Preview of the photo you chose' }).waitFor();
      await section.getByRole('button', { name: 'Upload photo' }).click();
      await section.getByRole('status').filter({ hasText: 'Customers will see this photo' }).waitFor();
      const current = section.getByRole('img', { name: 'Your current photo' });
      await current.waitFor();
      await page.waitForFunction(() => (document.querySelector('.photo-form__image img') as HTMLImageElement | null)?.naturalWidth === 256);
      const key = (await stored(mia)).photo_key;
      assert.match(String(key), /^[0-9a-f]{32}\.png$/);
      assert.equal(await current.getAttribute('src'), `/media/${key}`);
      assert.equal(await overflows(page), false, 'no sideways scrolling on a phone');
      await assertAccessible(page, 'Account with a photo');

      await section.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are my notes, not a picture') });
      await section.getByRole('button', { name: 'Replace photo' }).click();
      await section.getByRole('alert').filter({ hasText: 'the file is not a readable image: send a PNG, JPEG, WebP or SVG image' }).waitFor();
      assert.equal((await stored(mia)).photo_key, key, 'the photo is unchanged');

      await section.getByLabel('Title').fill('Customer Care Specialist');
      await section.getByRole('button', { name: 'Save title' }).click();
      await section.getByRole('status').filter({ hasText: 'Title saved.' }).waitFor();
      assert.equal((await stored(mia)).title, 'Customer Care Specialist');

      await section.getByRole('button', { name: 'Remove photo' }).click();
      await section.getByRole('status').filter({ hasText: 'Photo removed.' }).waitFor();
      await section.getByText('No photo yet').waitFor();
      assert.equal((await stored(mia)).photo_key, null);
      await page.reload();
      assert.equal(await page.getByRole('textbox', { name: 'Title' }).inputValue(), 'Customer Care Specialist', 'the title after a reload');
      await assertAccessible(page, 'Account after removing the photo');
      assert.deepEqual(cspViolations, []);
    } finally {
      await context.close();
    }
  });
});
