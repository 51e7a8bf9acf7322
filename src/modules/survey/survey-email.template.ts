import { escapeHtml as e } from '../../lib/html.ts';
import { format, type Messages } from './i18n/messages.ts';

export interface SurveyEmailView {
  messages: Messages;
  brand: string;
  agentFirstName: string;
  /** An http(s) URL of the agent's photo, if any. */
  agentPhotoUrl: string | null;
  agentBio: string | null;
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

const STAR_COLOR = '#b45309';

/**
 * The survey email: table layout and inline CSS for mail clients (Outlook included),
 * five one-click star links, and a plain-text part with the same links.
 */
export function renderSurveyEmail(view: SurveyEmailView): RenderedEmail {
  const m = view.messages;
  const values = { first_name: view.agentFirstName, brand: view.brand, customer: view.customerName ?? '' };
  const subject = format(m.subject, values);
  const greeting = view.customerName ? format(m.greeting, values) : m.greetingAnonymous;
  const intro = format(m.intro, values);
  const question = format(m.ratingQuestion, values);
  const footer = format(m.footer, values);
  const starUrl = (n: number) => `${view.surveyUrl}/rate/${n}`;

  const stars = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<td align="center" style="padding:0 4px;"><a href="${e(starUrl(n))}" title="${e(m.starLabels[n - 1])}" aria-label="${e(m.starLabels[n - 1])}" style="display:inline-block;text-decoration:none;color:${STAR_COLOR};font-size:36px;line-height:44px;font-family:Arial,Helvetica,sans-serif;">&#9733;<br><span style="font-size:13px;line-height:16px;color:#374151;">${n}</span></a></td>`,
    )
    .join('');
  const photo = view.agentPhotoUrl
    ? `<td width="72" valign="top" style="padding-right:16px;"><img src="${e(view.agentPhotoUrl)}" width="64" height="64" alt="${e(view.agentFirstName)}" style="display:block;border-radius:32px;border:0;"></td>`
    : '';
  const bio = view.agentBio ? `<p style="margin:4px 0 0;font-size:14px;line-height:20px;color:#4b5563;">${e(view.agentBio)}</p>` : '';
  const test = view.testNotice
    ? `<tr><td style="padding:12px 24px;background:#fef3c7;color:#78350f;font-size:14px;">${e(m.testNotice)}</td></tr>`
    : '';

  const html = `<!DOCTYPE html>
<html lang="${e(m.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#111827;">
${test}<tr><td style="padding:24px;">
<p style="margin:0 0 16px;font-size:16px;line-height:24px;">${e(greeting)}</p>
<p style="margin:0 0 20px;font-size:16px;line-height:24px;">${e(intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${photo}<td valign="top"><p style="margin:0;font-size:16px;line-height:22px;font-weight:bold;">${e(view.agentFirstName)}</p><p style="margin:0;font-size:14px;line-height:20px;color:#4b5563;">${e(view.brand)}</p>${bio}</td></tr></table>
</td></tr>
<tr><td style="padding:0 24px 8px;"><p style="margin:0;font-size:18px;line-height:26px;font-weight:bold;">${e(question)}</p></td></tr>
<tr><td align="center" style="padding:8px 24px 4px;"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${stars}</tr></table></td></tr>
<tr><td align="center" style="padding:0 24px 24px;font-size:13px;line-height:18px;color:#4b5563;">${e(m.clickToRate)}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;line-height:18px;color:#4b5563;">${e(footer)}<br><a href="${e(view.unsubscribeUrl)}" style="color:#1d4ed8;">${e(m.unsubscribe)}</a></td></tr>
</table></td></tr></table>
</body></html>`;

  const text = [
    ...(view.testNotice ? [m.testNotice, ''] : []),
    greeting,
    '',
    intro,
    '',
    `${view.agentFirstName}, ${view.brand}`,
    ...(view.agentBio ? [view.agentBio] : []),
    '',
    question,
    '',
    ...[1, 2, 3, 4, 5].map((n) => `${m.starLabels[n - 1]}: ${starUrl(n)}`),
    '',
    footer,
    `${m.unsubscribe}: ${view.unsubscribeUrl}`,
    '',
  ].join('\n');

  return { subject, html, text };
}
