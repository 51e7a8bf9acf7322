import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ACCENT } from '../src/modules/companies/brand-kit.ts';
import type { BrandPresentation } from '../src/modules/companies/brand-presentation.ts';
import { agentCard } from '../src/modules/employees/agent-card.ts';
import { emailMessagesFor } from '../src/modules/survey/i18n/email-messages.ts';
import { messagesFor, SUPPORTED_LANGUAGES } from '../src/modules/survey/i18n/translations.ts';
import { logoDisplaySize, renderSurveyEmail, senderDisplayName, type SurveyEmailView } from '../src/modules/survey/survey-email.template.ts';

const PUBLIC_URL = 'https://feedback.example';
const SURVEY_URL = `${PUBLIC_URL}/s/tok`;

const samantha = (overrides: Partial<Parameters<typeof agentCard>[0]> = {}) =>
  agentCard({ first_name: 'Samantha', email: 'sam@blanca.example', title: 'Customer Care Specialist', photo_key: 'p'.repeat(32) + '.png', image: null, profile_text: null, ...overrides }, PUBLIC_URL);

const brand = (overrides: Partial<BrandPresentation> = {}): BrandPresentation => ({
  name: 'Blanca Peak',
  logoUrl: `${PUBLIC_URL}/media/${'l'.repeat(32)}.png`,
  accentColor: '#0f766e',
  senderName: null,
  copy: {},
  ...overrides,
});

function render(language: string, overrides: Partial<SurveyEmailView> = {}) {
  return renderSurveyEmail({
    messages: messagesFor(language),
    brand: brand(),
    logoSize: { width: 400, height: 100 },
    agent: samantha(),
    customerName: 'Simone',
    surveyUrl: SURVEY_URL,
    unsubscribeUrl: `${SURVEY_URL}/unsubscribe`,
    testNotice: false,
    ...overrides,
  });
}

/** The attributes of the first <img> whose alt is `alt`. */
function image(html: string, alt: string): Record<string, string> {
  const tag = [...html.matchAll(/<img [^>]*>/g)].map((match) => match[0]).find((found) => found.includes(`alt="${alt}"`));
  assert.ok(tag, `an image with alt "${alt}"`);
  return Object.fromEntries([...tag.matchAll(/(\w[\w-]*)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
}

describe('the survey email template', () => {
  it('shows the logo within 200x64 with the brand name as alt, the agent photo, name and title, in the accent colour', () => {
    const { html, text, subject } = render('en');
    const logo = image(html, 'Blanca Peak');
    assert.equal(logo.src, `${PUBLIC_URL}/media/${'l'.repeat(32)}.png`);
    assert.deepEqual([logo.width, logo.height], ['200', '50'], 'a 400x100 logo shows at 200x50');
    const photo = image(html, 'Photo of Samantha');
    assert.equal(photo.src, `${PUBLIC_URL}/media/${'p'.repeat(32)}.png`);
    assert.deepEqual([photo.width, photo.height], ['56', '56']);
    assert.match(html, /Customer Care Specialist · Blanca Peak/);
    assert.match(text, /^Samantha · Customer Care Specialist · Blanca Peak$/m);
    assert.ok((html.match(/#0f766e/g) ?? []).length >= 7, 'the accent colours the five stars, the top border and the unsubscribe link');
    assert.ok(!html.includes('#b45309'), 'no fixed star colour left');
    assert.equal(subject, 'How did Samantha do? A quick question from Blanca Peak');
    assert.match(html, /<meta name="color-scheme" content="light">/);
    assert.match(html, /max-width:600px/);
    assert.doesNotMatch(html, /display:\s*(flex|grid)/, 'no flex or grid (Outlook)');
    assert.match(html, /<div style="display:none;[^"]*">One click tells Samantha how it went\./, 'a hidden preheader');
  });

  it('shows the brand name as text without a logo, no photo without one, and the agent line without a title', () => {
    const { html, text } = render('en', { brand: brand({ logoUrl: null }), agent: samantha({ title: null, photo_key: null }) });
    assert.doesNotMatch(html, /<img /);
    assert.match(html, /<p style="[^"]*font-weight:bold[^"]*">Blanca Peak<\/p>/);
    assert.match(text, /^Samantha · Blanca Peak$/m);
    const unknownSize = render('en', { logoSize: null }).html;
    const logo = image(unknownSize, 'Blanca Peak');
    assert.equal(logo.height, '48');
    assert.match(logo.style, /max-width:200px/);
  });

  it('takes subject, greeting and intro from the brand copy with placeholders filled, in en, fr and de', () => {
    const copy = {
      subject: '{first_name} from {brand} wants to know',
      greeting: 'Dear {customer}!',
      intro: 'You spoke with {first_name} of {brand}.',
    };
    for (const language of ['en', 'fr', 'de']) {
      const { subject, html, text } = render(language, { brand: brand({ copy }) });
      assert.equal(subject, 'Samantha from Blanca Peak wants to know', language);
      assert.match(text, /^Dear Simone!$/m, language);
      assert.match(text, /^You spoke with Samantha of Blanca Peak\.$/m, language);
      assert.match(html, /Dear Simone!/, language);
      assert.match(html, new RegExp(`<html lang="${language}"`));
      // The stars and their labels stay in the email's language.
      const labels = messagesFor(language).starLabels;
      for (const label of labels) assert.ok(text.includes(`${label}: ${SURVEY_URL}/rate/${labels.indexOf(label) + 1}`), `${language}: ${label}`);
    }
    const anonymous = render('en', { brand: brand({ copy }), customerName: null });
    assert.match(anonymous.text, /^Hi,$/m, 'a greeting naming the customer falls back to the anonymous one');
    const partial = render('fr', { brand: brand({ copy: { subject: 'Votre avis sur {first_name}' } }) });
    assert.equal(partial.subject, 'Votre avis sur Samantha');
    assert.match(partial.text, /^Bonjour Simone,$/m, 'texts not in the copy are the built-in ones');
    assert.match(partial.text, /^Merci d’avoir contacté Blanca Peak\./m);
  });

  it('uses the built-in texts of fr and de, with the localised photo alt', () => {
    const fr = render('fr');
    assert.equal(fr.subject, 'Comment s’est débrouillé·e Samantha ? Une petite question de Blanca Peak');
    image(fr.html, 'Photo de Samantha');
    assert.match(fr.text, /^Bonjour Simone,$/m);
    const de = render('de');
    image(de.html, 'Foto von Samantha');
    assert.match(de.text, /^Hallo Simone,$/m);
    assert.match(de.html, /aria-label="5 Sterne: sehr zufrieden"/);
  });

  it('escapes HTML in the copy and in names, and keeps headers on one line', () => {
    const { html, text, subject } = render('en', {
      brand: brand({ name: 'Peak <b>&</b>', copy: { subject: 'Hi\r\nBcc: x@evil.example', intro: '<script>alert(1)</script> from {brand}' } }),
      agent: samantha({ first_name: '<img src=x onerror=alert(1)>', title: '"Boss" <i>' }),
      customerName: '<svg onload=alert(1)>',
    });
    assert.ok(!html.includes('<script>'), 'no script element');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; from Peak &lt;b&gt;&amp;&lt;/b&gt;'));
    assert.ok(!html.includes('<img src=x'), 'the agent name is escaped');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!html.includes('<svg'), 'the customer name is escaped');
    assert.ok(html.includes('&quot;Boss&quot; &lt;i&gt;'));
    assert.ok(html.includes('alt="Peak &lt;b&gt;&amp;&lt;/b&gt;"'));
    assert.equal(subject, 'Hi Bcc: x@evil.example');
    assert.match(text, /^<script>alert\(1\)<\/script> from Peak <b>&<\/b>$/m, 'the text part is plain text');
  });

  it('names the sender from the brand pattern, else "<first name> <at> <brand>" in the language', () => {
    const agent = samantha();
    assert.equal(senderDisplayName(brand({ senderName: '{first_name} | {brand} Support' }), agent, messagesFor('en')), 'Samantha | Blanca Peak Support');
    assert.equal(senderDisplayName(brand({ senderName: '{first_name}\r\nBcc: x' }), agent, messagesFor('en')), 'Samantha Bcc: x');
    assert.equal(senderDisplayName(brand(), agent, messagesFor('de')), 'Samantha von Blanca Peak');
    assert.equal(senderDisplayName(brand({ senderName: '  ' }), agent, messagesFor('fr')), 'Samantha de Blanca Peak');
  });

  it('fits logos within 200x64 without enlarging them', () => {
    assert.deepEqual(logoDisplaySize(400, 100), { width: 200, height: 50 });
    assert.deepEqual(logoDisplaySize(128, 128), { width: 64, height: 64 });
    assert.deepEqual(logoDisplaySize(120, 40), { width: 120, height: 40 });
    assert.deepEqual(logoDisplaySize(1000, 64), { width: 200, height: 13 });
  });

  it('has email texts for every survey language, and the default accent when a brand has none', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      const texts = emailMessagesFor(language);
      if (language !== 'en') assert.notDeepEqual(texts, emailMessagesFor('en'), `${language} has its own email texts`);
      assert.match(texts.photoAlt, /\{first_name\}/);
      assert.match(texts.preheader, /\{first_name\}/);
    }
    assert.ok(render('en', { brand: brand({ accentColor: DEFAULT_ACCENT }) }).html.includes(`color:${DEFAULT_ACCENT}`));
  });

  it('marks test surveys in both parts', () => {
    const { html, text } = render('en', { testNotice: true });
    assert.match(html, /This is a test survey: answers are not stored\./);
    assert.match(text, /^This is a test survey: answers are not stored\.$/m);
  });
});
