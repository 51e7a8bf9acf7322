import { escapeHtml as e } from '../../lib/html.ts';
import type { BrandPresentation } from '../companies/brand-presentation.ts';
import type { AgentCard } from '../employees/agent-card.ts';
import { emailMessagesFor } from './i18n/email-messages.ts';
import { format, type Messages } from './i18n/messages.ts';

export interface SurveyEmailView {
  messages: Messages;
  brand: BrandPresentation;
  /** The logo's size in pixels when known (the stored image's); the email shows it within 200x64. */
  logoSize: { width: number; height: number } | null;
  agent: AgentCard;
  customerName: string | null;
  /** The survey page; star links are `<surveyUrl>/rate/<1..5>`. */
  surveyUrl: string;
  unsubscribeUrl: string;
  testNotice: boolean;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const LOGO_MAX = { width: 200, height: 64 };
/** Height of a logo whose size is unknown. */
const LOGO_HEIGHT = 48;
const PHOTO_SIZE = 56;
const FONT = 'Arial,Helvetica,sans-serif';
const PAGE_BACKGROUND = '#f3f4f6';

/** A header value on one line (no CR/LF from a company's copy or a name), trimmed. */
const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();

/** The display size of a logo of `width`x`height` within 200x64, keeping its proportions (never enlarged). */
export function logoDisplaySize(width: number, height: number): { width: number; height: number } {
  if (!(width > 0 && height > 0)) return { width: LOGO_MAX.width, height: LOGO_HEIGHT };
  const scale = Math.min(1, LOGO_MAX.width / width, LOGO_MAX.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The sender's display name: the brand's pattern ({first_name}, {brand}) when set, else "<first name> <at> <brand>" in the email's language. */
export function senderDisplayName(brand: BrandPresentation, agent: AgentCard, messages: Messages): string {
  const values = { first_name: agent.firstName, brand: brand.name };
  const patterned = brand.senderName ? oneLine(format(brand.senderName, values)) : '';
  return patterned || `${agent.firstName} ${messages.fromConnector} ${brand.name}`;
}

/** "Samantha · Customer Care Specialist · Blanca Peak" (no title: "Samantha · Blanca Peak"). */
export function agentLine(agent: AgentCard, brand: BrandPresentation): string {
  return [agent.firstName, agent.title, brand.name].filter(Boolean).join(' · ');
}

/** Subject, greeting and intro: the brand's copy for the language when set, else the built-in texts. */
function texts(view: SurveyEmailView) {
  const m = view.messages;
  const copy = view.brand.copy;
  const values = { first_name: view.agent.firstName, brand: view.brand.name, customer: view.customerName ?? '' };
  const filled = (custom: string | undefined, builtIn: string) => format(custom?.trim() ? custom : builtIn, values);
  // A greeting naming the customer falls back to the anonymous one when the request has no name.
  const greetingTemplate = copy.greeting?.trim() ? copy.greeting : m.greeting;
  const greeting = !view.customerName && greetingTemplate.includes('{customer}') ? m.greetingAnonymous : format(greetingTemplate, values);
  return {
    subject: oneLine(filled(copy.subject, m.subject)),
    greeting,
    intro: filled(copy.intro, m.intro),
    question: format(m.ratingQuestion, values),
    footer: format(m.footer, values),
    preheader: format(emailMessagesFor(m.lang).preheader, values),
    photoAlt: format(emailMessagesFor(m.lang).photoAlt, values),
  };
}

/**
 * Escaped text whose punctuation never starts a line: French puts a space before ? ! : ; and »,
 * which must not break ("aujourd’hui ?" would leave the "?" alone on a phone).
 */
const h = (text: string) => e(text).replace(/ ([?!:;»])/g, '&nbsp;$1').replace(/(«) /g, '$1&nbsp;');
/** Paragraphs of a text that may hold line breaks (a company's copy), as escaped HTML. */
const paragraphHtml = (text: string) => h(text).replace(/\r?\n/g, '<br>');

function logoHtml(view: SurveyEmailView): string {
  const { brand } = view;
  const nameStyle = `font-family:${FONT};font-size:20px;line-height:28px;font-weight:bold;color:#111827;`;
  if (!brand.logoUrl) return `<p style="margin:0;${nameStyle}">${e(brand.name)}</p>`;
  // Alt text styled as the brand name, so a client blocking images still shows a header.
  if (view.logoSize) {
    const { width, height } = logoDisplaySize(view.logoSize.width, view.logoSize.height);
    return `<img src="${e(brand.logoUrl)}" width="${width}" height="${height}" alt="${e(brand.name)}" style="display:block;border:0;outline:none;width:${width}px;max-width:100%;height:auto;${nameStyle}">`;
  }
  return `<img src="${e(brand.logoUrl)}" height="${LOGO_HEIGHT}" alt="${e(brand.name)}" style="display:block;border:0;outline:none;height:${LOGO_HEIGHT}px;width:auto;max-width:${LOGO_MAX.width}px;${nameStyle}">`;
}

function starsHtml(view: SurveyEmailView, starUrl: (n: number) => string): string {
  const m = view.messages;
  const accent = view.brand.accentColor;
  const cells = [1, 2, 3, 4, 5].map((n) => {
    const label = m.starLabels[n - 1];
    return `<td width="20%" align="center" valign="top" style="padding:0 4px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="border:1px solid #d1d5db;border-radius:8px;background:#ffffff;">
<a href="${e(starUrl(n))}" title="${e(label)}" aria-label="${e(label)}" style="display:block;padding:8px 0 10px;text-decoration:none;color:${accent};font-family:${FONT};"><span style="font-size:32px;line-height:36px;color:${accent};">&#9733;</span><br><span style="font-size:15px;line-height:20px;font-weight:bold;color:#1f2937;">${n}</span></a>
</td></tr></table></td>`;
  });
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:400px;"><tr>${cells.join('')}</tr></table>`;
}

/**
 * The survey email: a table layout with inline CSS for mail clients (Outlook included), at most
 * 600 px wide, light colours declared; the brand's logo (or name) and accent colour, the agent's
 * photo, name and title, and five one-click star links that are text (they survive blocked
 * images). The plain-text part carries the same content and links.
 */
export function renderSurveyEmail(view: SurveyEmailView): RenderedEmail {
  const m = view.messages;
  const { agent, brand } = view;
  const accent = brand.accentColor;
  const t = texts(view);
  const starUrl = (n: number) => `${view.surveyUrl}/rate/${n}`;
  const line = agentLine(agent, brand);

  const photo = agent.photoUrl
    ? `<td width="${PHOTO_SIZE}" valign="top" style="width:${PHOTO_SIZE}px;padding-right:16px;"><img src="${e(agent.photoUrl)}" width="${PHOTO_SIZE}" height="${PHOTO_SIZE}" alt="${e(t.photoAlt)}" style="display:block;width:${PHOTO_SIZE}px;height:${PHOTO_SIZE}px;border:0;border-radius:${PHOTO_SIZE / 2}px;font-family:${FONT};font-size:11px;line-height:14px;color:#4b5563;background:#e5e7eb;"></td>`
    : '';
  const titleLine = [agent.title, brand.name].filter(Boolean).join(' · ');
  const bio = agent.bio ? `<p style="margin:6px 0 0;font-size:14px;line-height:20px;color:#4b5563;">${e(agent.bio)}</p>` : '';
  const test = view.testNotice
    ? `<tr><td style="padding:12px 24px;background:#fef3c7;color:#78350f;font-family:${FONT};font-size:14px;line-height:20px;">${h(m.testNotice)}</td></tr>`
    : '';
  // Zero-width non-joiners and spaces keep mail apps from filling the preview with the body after the preheader.
  const previewPadding = '&#8204;&nbsp;'.repeat(60);

  const html = `<!DOCTYPE html>
<html lang="${e(m.lang)}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="X-UA-Compatible" content="IE=edge"><meta name="x-apple-disable-message-reformatting"><meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light"><title>${e(t.subject)}</title>
<style>:root{color-scheme:light;supported-color-schemes:light;}a[x-apple-data-detectors]{color:inherit!important;text-decoration:none!important;}</style></head>
<body style="margin:0;padding:0;background:${PAGE_BACKGROUND};-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:${PAGE_BACKGROUND};opacity:0;">${e(t.preheader)}${previewPadding}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${PAGE_BACKGROUND};"><tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-top:4px solid ${accent};border-radius:8px;font-family:${FONT};color:#111827;">
<tr><td style="padding:20px 24px 4px;">${logoHtml(view)}</td></tr>
${test}<tr><td style="padding:16px 24px 0;font-family:${FONT};">
<p style="margin:0 0 12px;font-size:16px;line-height:24px;color:#111827;">${paragraphHtml(t.greeting)}</p>
<p style="margin:0 0 20px;font-size:16px;line-height:24px;color:#111827;">${paragraphHtml(t.intro)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f9fafb;border-radius:8px;"><tr><td style="padding:16px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${photo}<td valign="middle" style="font-family:${FONT};"><p style="margin:0;font-size:16px;line-height:22px;font-weight:bold;color:#111827;">${e(agent.firstName)}</p><p style="margin:2px 0 0;font-size:14px;line-height:20px;color:#4b5563;">${e(titleLine)}</p>${bio}</td></tr></table>
</td></tr></table>
</td></tr>
<tr><td style="padding:24px 24px 12px;font-family:${FONT};"><p style="margin:0;font-size:18px;line-height:26px;font-weight:bold;color:#111827;">${h(t.question)}</p></td></tr>
<tr><td align="center" style="padding:4px 20px 0;">${starsHtml(view, starUrl)}</td></tr>
<tr><td align="center" style="padding:8px 24px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:400px;"><tr><td align="left" valign="top" style="padding:0 4px;font-family:${FONT};font-size:12px;line-height:16px;color:#4b5563;">${h(m.starLabels[0])}</td><td align="right" valign="top" style="padding:0 4px;font-family:${FONT};font-size:12px;line-height:16px;color:#4b5563;">${h(m.starLabels[4])}</td></tr></table></td></tr>
<tr><td align="center" style="padding:16px 24px 24px;font-family:${FONT};font-size:14px;line-height:20px;color:#4b5563;">${h(m.clickToRate)}</td></tr>
<tr><td style="padding:16px 24px 20px;border-top:1px solid #e5e7eb;font-family:${FONT};font-size:12px;line-height:18px;color:#4b5563;">${h(t.footer)}<br><a href="${e(view.unsubscribeUrl)}" style="color:${accent};text-decoration:underline;">${e(m.unsubscribe)}</a></td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr></table>
</body></html>`;

  const text = [
    ...(view.testNotice ? [m.testNotice, ''] : []),
    t.greeting,
    '',
    t.intro,
    '',
    line,
    ...(agent.bio ? [agent.bio] : []),
    '',
    t.question,
    '',
    ...[1, 2, 3, 4, 5].map((n) => `${m.starLabels[n - 1]}: ${starUrl(n)}`),
    '',
    t.footer,
    `${m.unsubscribe}: ${view.unsubscribeUrl}`,
    '',
  ].join('\n');

  return { subject: t.subject, html, text };
}
