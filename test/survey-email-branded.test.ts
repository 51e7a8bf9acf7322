import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { DEFAULT_ACCENT } from '../src/modules/companies/brand-kit.ts';
import { messagesFor } from '../src/modules/survey/i18n/translations.ts';
import { assertAccessible, launchChromium } from './helpers/browser.ts';
import type { ReceivedMail, SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, postRequest, requestBody, startMailingApp, surveyCompany, tokenFromMail } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

const PUBLIC_URL = 'https://feedback.example';
const ACCENT = '#0f766e';
/** Screenshots of the rendered emails, outside the repository. */
const SHOTS = process.env.EMAIL_SHOTS ?? '/tmp/email-shots';
const LOGO_KEY = `${'a1'.repeat(16)}.png`;
const PHOTO_KEY = `${'b2'.repeat(16)}.png`;

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
let browser: Browser;
before(async () => {
  ({ ctx, sink, close } = await startMailingApp({ SMTP_FROM: 'surveys@agentconnect.test', PUBLIC_URL }));
  browser = await launchChromium();
  await fs.mkdir(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await close();
});

/** A company whose brand blancapeak has a full kit (as the admin side stores it), and Samantha with a title and an uploaded photo. */
async function brandedCompany(title: string) {
  const { company, agent } = await surveyCompany(ctx);
  const db = ctx.db.kysely;
  const now = Date.now();
  // Keys are unique across companies: suffix them per company.
  const logoKey = `${company.id}-${LOGO_KEY}`;
  const photoKey = `${company.id}-${PHOTO_KEY}`;
  await db
    .insertInto('media')
    .values([
      { key: logoKey, company_id: company.id, purpose: 'logo', content_type: 'image/png', width: 480, height: 128, bytes: 1000, sha256: 'x'.repeat(64), created_at: now },
      { key: photoKey, company_id: company.id, purpose: 'photo', content_type: 'image/png', width: 256, height: 256, bytes: 1000, sha256: 'y'.repeat(64), created_at: now },
    ])
    .execute();
  await db
    .updateTable('brands')
    .set({
      logo_key: logoKey,
      accent_color: ACCENT,
      sender_name: '{first_name} | {brand} Customer Care',
      copy: JSON.stringify({
        en: { subject: '{customer}, how did {first_name} do?', greeting: 'Hello {customer}, it’s {first_name} from {brand}.', intro: 'Thanks for skiing with {brand}: <b>your</b> opinion shapes our service.' },
        fr: { subject: '{customer}, votre avis sur {first_name} ?', greeting: 'Bonjour {customer}, ici {first_name} de {brand}.' },
        de: { greeting: 'Guten Tag {customer}, hier ist {first_name} von {brand}.' },
      }),
    })
    .where('company_id', '=', company.id)
    .where('name', '=', 'blancapeak')
    .execute();
  await db.updateTable('employees').set({ title, photo_key: photoKey }).where('company_id', '=', company.id).where('id', '=', agent.id).execute();
  ctx.services.credentials.clear();
  return { company, agent, logoKey, photoKey };
}

async function sendTo(apiKey: string, agent: { email: string }, language: string): Promise<ReceivedMail> {
  const body = requestBody(agent, { language });
  await postRequest(ctx, apiKey, body);
  return eventually(async () => sink.received.find((mail) => mail.envelopeTo.includes(body.customer.email)));
}

/** A mountain logo and a round portrait, as the media service would serve them (PNG). */
const images = (async () => ({
  logo: await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="128"><rect width="480" height="128" fill="#ffffff"/><path d="M8 120 L64 24 L92 70 L112 44 L168 120 Z" fill="${ACCENT}"/><path d="M64 24 L78 48 L64 42 L52 46 Z" fill="#ffffff"/><rect x="196" y="44" width="260" height="18" rx="9" fill="#134e4a"/><rect x="196" y="76" width="180" height="12" rx="6" fill="#5eead4"/></svg>`,
    ),
  )
    .png()
    .toBuffer(),
  photo: await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#fde68a"/><circle cx="128" cy="104" r="52" fill="#92400e"/><ellipse cx="128" cy="240" rx="96" ry="80" fill="#0f766e"/></svg>`,
    ),
  )
    .png()
    .toBuffer(),
}))();

/** Opens the email's HTML part at `width`; images come from the media URLs, or are blocked. */
async function openEmail(html: string, width: number, options: { blockImages: boolean }): Promise<{ page: Page; requested: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const requested: string[] = [];
  const { logo, photo } = await images;
  await page.route('**/*', async (route) => {
    const request = route.request();
    if (request.resourceType() === 'document' && request.url() === 'about:blank') return route.continue();
    requested.push(request.url());
    if (options.blockImages || request.resourceType() !== 'image') return route.abort();
    const url = request.url();
    if (url.endsWith(LOGO_KEY)) return route.fulfill({ contentType: 'image/png', body: logo });
    if (url.endsWith(PHOTO_KEY)) return route.fulfill({ contentType: 'image/png', body: photo });
    return route.abort();
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requested, close: () => context.close() };
}

/** Layout checks at one width: no horizontal overflow, five visible star links, each tall enough and apart. */
async function checkLayout(page: Page, width: number, language: string, label: string) {
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    content: Math.max(...[...document.querySelectorAll('table')].map((table) => table.getBoundingClientRect().right)),
    viewport: window.innerWidth,
  }));
  assert.ok(overflow.page <= overflow.viewport, `${label}: no horizontal scrolling (${overflow.page} > ${overflow.viewport})`);
  assert.ok(overflow.content <= width, `${label}: every table within the viewport (${overflow.content})`);
  const labels = messagesFor(language).starLabels;
  const boxes = [];
  for (const [index, name] of labels.entries()) {
    const link = page.getByRole('link', { name, exact: true });
    assert.ok(await link.isVisible(), `${label}: star ${index + 1} is visible and named "${name}"`);
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`/rate/${index + 1}$`));
    assert.match(await link.innerText(), new RegExp(`★\\s*${index + 1}`), `${label}: star ${index + 1} shows a star and its number as text`);
    const box = (await link.boundingBox())!;
    assert.ok(box.height >= 44, `${label}: star ${index + 1} is ${box.height} px tall`);
    assert.ok(box.width >= 44, `${label}: star ${index + 1} is ${box.width} px wide`);
    boxes.push(box);
  }
  for (let i = 1; i < boxes.length; i++) {
    const gap = boxes[i].x - (boxes[i - 1].x + boxes[i - 1].width);
    const centres = boxes[i].x + boxes[i].width / 2 - (boxes[i - 1].x + boxes[i - 1].width / 2);
    assert.ok(gap >= 4, `${label}: stars ${i} and ${i + 1} do not touch (gap ${gap})`);
    assert.ok(centres >= 24, `${label}: stars ${i} and ${i + 1} are ${centres} px apart`);
    assert.ok(Math.abs(boxes[i].y - boxes[0].y) < 1, `${label}: the stars stay on one row`);
  }
}

describe('the branded survey email, received and rendered', () => {
  it('follows the brand kit over SMTP: sender name pattern, logo, photo, title, copy, and a complete text part', async () => {
    const { company, agent, logoKey, photoKey } = await brandedCompany('Customer Care Specialist');
    const mail = await sendTo(company.api_key, agent, 'en');
    const { parsed } = mail;
    assert.equal(parsed.from?.value[0].name, 'Samantha | Blanca Peak Customer Care');
    assert.equal(parsed.from?.value[0].address, 'surveys@agentconnect.test');
    assert.equal(parsed.subject, 'Simone, how did Samantha do?');
    const html = String(parsed.html);
    assert.match(html, new RegExp(`<img src="${PUBLIC_URL}/media/${logoKey}" width="200" height="53" alt="Blanca Peak"`), 'the logo at its size within 200x64');
    assert.match(html, new RegExp(`<img src="${PUBLIC_URL}/media/${photoKey}" width="56" height="56" alt="Photo of Samantha"`));
    assert.ok(!html.includes('cdn.example/samantha.png'), 'the uploaded photo wins over the API image URL');
    assert.ok(html.includes('<b>your</b>') === false && html.includes('&lt;b&gt;your&lt;/b&gt;'), 'copy is escaped');
    assert.ok(html.includes(`color:${ACCENT}`));

    const text = parsed.text!;
    const token = tokenFromMail(parsed);
    const expected = [
      'Hello Simone, it’s Samantha from Blanca Peak.',
      'Thanks for skiing with Blanca Peak: <b>your</b> opinion shapes our service.',
      'Samantha · Customer Care Specialist · Blanca Peak',
      'Ten years helping skiers find the right gear.',
      'How satisfied are you with the service you received from Samantha today?',
      ...messagesFor('en').starLabels.map((label, index) => `${label}: ${PUBLIC_URL}/s/${token}/rate/${index + 1}`),
      `Unsubscribe from survey emails: ${PUBLIC_URL}/s/${token}/unsubscribe`,
    ];
    const lines = text.split('\n');
    for (const line of expected) assert.ok(lines.includes(line), `the text part has the line "${line}"`);
  });

  it('renders in Chromium at 390 and 600 px, with and without images, in en, fr and de', async () => {
    const { company, agent, logoKey, photoKey } = await brandedCompany('Kundenbetreuungsspezialistin');
    const languages = ['en', 'fr', 'de'];
    for (const language of languages) {
      const mail = await sendTo(company.api_key, agent, language);
      const html = String(mail.parsed.html);
      if (language === 'fr') assert.equal(mail.parsed.subject, 'Simone, votre avis sur Samantha ?');
      if (language === 'de') assert.match(mail.parsed.text!, /^Guten Tag Simone, hier ist Samantha von Blanca Peak\.$/m);
      if (language === 'de') assert.match(mail.parsed.text!, /^Danke, dass Sie Blanca Peak kontaktiert haben\./m, 'the built-in intro where the copy has none');
      const photoAlt = { en: 'Photo of Samantha', fr: 'Photo de Samantha', de: 'Foto von Samantha' }[language]!;
      for (const width of [390, 600]) {
        const label = `${language} at ${width} px`;
        const shown = await openEmail(html, width, { blockImages: false });
        try {
          await checkLayout(shown.page, width, language, label);
          const loaded = await shown.page.evaluate(() => [...document.images].map((img) => ({ alt: img.alt, width: img.naturalWidth, shown: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height })));
          assert.deepEqual(loaded.map((img) => img.alt), ['Blanca Peak', photoAlt]);
          assert.ok(loaded.every((img) => img.width > 0), `${label}: the logo and photo load from ${PUBLIC_URL}/media`);
          assert.ok(loaded[0].shown <= 200 && loaded[0].height <= 64, `${label}: the logo shows within 200x64 (${loaded[0].shown}x${loaded[0].height})`);
          assert.ok(shown.requested.some((url) => url.endsWith(logoKey)) && shown.requested.some((url) => url.endsWith(photoKey)));
          await assertAccessible(shown.page, label);
          await shown.page.screenshot({ path: path.join(SHOTS, `survey-email-${language}-${width}.png`), fullPage: true });
        } finally {
          await shown.close();
        }

        const blocked = await openEmail(html, width, { blockImages: true });
        try {
          await checkLayout(blocked.page, width, language, `${label}, images blocked`);
          const alts = await blocked.page.evaluate(() => [...document.images].map((img) => ({ alt: img.alt, loaded: img.naturalWidth > 0 })));
          assert.deepEqual(alts, [{ alt: 'Blanca Peak', loaded: false }, { alt: photoAlt, loaded: false }], `${label}: images blocked, alt texts carry them`);
          const visibleText = (await blocked.page.evaluate(() => document.body.innerText)).replace(/\u00a0/g, " ");
          for (const needed of ['Samantha', 'Kundenbetreuungsspezialistin · Blanca Peak', messagesFor(language).starLabels[0], messagesFor(language).starLabels[4]]) {
            assert.ok(visibleText.includes(needed), `${label}, images blocked: "${needed}" is visible text`);
          }
          await blocked.page.screenshot({ path: path.join(SHOTS, `survey-email-${language}-${width}-images-blocked.png`), fullPage: true });
        } finally {
          await blocked.close();
        }
      }
    }
  });

  it('without a kit shows the brand name as text, the default accent and sender, and no images', async () => {
    const { company, agent } = await surveyCompany(ctx, [], { image: null });
    const mail = await sendTo(company.api_key, agent, 'de');
    assert.equal(mail.parsed.from?.value[0].name, 'Samantha von Blanca Peak');
    const html = String(mail.parsed.html);
    assert.doesNotMatch(html, /<img /);
    assert.ok(html.includes(`color:${DEFAULT_ACCENT}`));
    assert.ok(!html.includes('blancapeak'), 'never the internal brand name');
    assert.match(mail.parsed.text!, /^Samantha · Blanca Peak$/m);
    for (const width of [390, 600]) {
      const shown = await openEmail(html, width, { blockImages: false });
      try {
        await checkLayout(shown.page, width, 'de', `de without a kit at ${width} px`);
        assert.equal(await shown.page.locator('p').first().innerText(), 'Blanca Peak', 'the brand name heads the email');
        assert.deepEqual(shown.requested, [], 'nothing to load');
        await shown.page.screenshot({ path: path.join(SHOTS, `survey-email-de-${width}-no-kit.png`), fullPage: true });
      } finally {
        await shown.close();
      }
    }
  });
});
