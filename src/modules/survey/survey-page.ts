import { createHash } from 'node:crypto';
import { escapeHtml as e } from '../../lib/html.ts';
import { format, type Messages } from './i18n/messages.ts';
import { QUESTIONS } from './question-catalog.ts';
import type { QuestionIdentifier } from './questions/question-descriptor.ts';
import { optionsFor } from './survey-options.ts';
import type { SurveyContext } from './survey.service.ts';

const STYLE = `*{box-sizing:border-box}body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:36rem;margin:0 auto;padding:1rem}.card{background:#fff;border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 1rem}
h1{font-size:1.375rem;line-height:1.3;margin:.25rem 0 1rem}.brand{color:#4b5563;font-size:.9rem;margin:0}
fieldset{border:0;margin:0 0 1.25rem;padding:0}legend{font-weight:700;margin-bottom:.5rem;padding:0}
.opts{display:flex;flex-wrap:wrap;gap:.5rem}.opts label{display:flex;align-items:center;gap:.4rem;border:2px solid #9ca3af;border-radius:.5rem;padding:.5rem .75rem;min-height:2.75rem;cursor:pointer;background:#fff}
.opts input{width:1.25rem;height:1.25rem;margin:0;accent-color:#1d4ed8}.opts label:has(input:checked){border-color:#1d4ed8;background:#eff6ff}
.stars label{font-size:1.1rem}.star{color:#b45309;font-size:1.4rem}.nps label{min-width:3rem;justify-content:center}
.hint{color:#4b5563;font-size:.875rem;margin:.25rem 0 .5rem}.comment{display:block;margin-top:.75rem;font-size:.9rem;color:#374151}
textarea{display:block;width:100%;min-height:4rem;margin-top:.25rem;border:2px solid #9ca3af;border-radius:.5rem;padding:.5rem;font:inherit}
button{font:inherit;font-weight:700;color:#fff;background:#1d4ed8;border:0;border-radius:.5rem;padding:.75rem 1.5rem;min-height:2.75rem;cursor:pointer;width:100%}
button:hover{background:#1e40af}:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.notice{border-left:4px solid #15803d;background:#f0fdf4;padding:.75rem 1rem;margin:0 0 1rem;border-radius:.25rem}
.warn{border-left-color:#b45309;background:#fffbeb}a{color:#1d4ed8}.foot{font-size:.85rem;color:#4b5563;text-align:center}`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** No scripts, no external resources, forms post only to us, never framed. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

function layout(lang: string, title: string, body: string): string {
  return `<!DOCTYPE html><html lang="${e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin"><meta name="robots" content="noindex"><title>${e(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** A page with a single message: unknown, expired or finished surveys, errors. */
export function renderMessagePage(messages: Messages, text: string, brand?: string): string {
  const title = brand ? format(messages.pageTitle, { brand }) : messages.pageTitle.replace(/\s*\{brand\}\s*/, ' ').trim();
  const header = brand ? `<p class="brand">${e(brand)}</p>` : '';
  return layout(messages.lang, title, `<div class="card">${header}<h1>${e(text)}</h1></div>`);
}

export interface PageOptions {
  csrf: string;
  saved: boolean;
  /** A rating to show as chosen without storing it (test surveys). */
  previewRating?: number;
}

/** The survey form: the star rating and the company's follow-up questions, prefilled with saved answers. */
export function renderSurveyPage(ctx: SurveyContext, options: PageOptions): string {
  const m = ctx.messages;
  const values = { first_name: ctx.firstName, brand: ctx.brand };
  const title = format(m.pageTitle, values);
  const notices = [
    ctx.isTest ? `<p class="notice warn" role="status">${e(m.testNotice)}</p>` : '',
    options.saved && !ctx.isTest ? `<p class="notice" role="status">${e(m.saved)} ${e(m.changeUntil)}</p>` : '',
  ].join('');
  const rating = ctx.rating ?? options.previewRating ?? null;
  const sections = ctx.questions.map((q) => question(ctx, q, rating)).join('');
  const body = `<div class="card"><p class="brand">${e(ctx.brand)}</p><h1>${e(title)}</h1>${notices}
<form method="post" action="/s/${e(tokenOf(ctx))}" novalidate><input type="hidden" name="csrf" value="${e(options.csrf)}">${sections}<button type="submit">${e(m.submit)}</button></form></div>
<p class="foot"><a href="/s/${e(tokenOf(ctx))}/unsubscribe">${e(m.unsubscribe)}</a></p>`;
  return layout(m.lang, title, body);
}

/** The unsubscribe confirmation (GET) and result (after POST). */
export function renderUnsubscribePage(ctx: SurveyContext, csrf: string, done: boolean): string {
  const m = ctx.messages;
  const values = { brand: ctx.brand, email: ctx.isTest ? '' : (ctx.interaction.customer_email ?? '') };
  const content = done
    ? `<h1>${e(ctx.isTest ? m.testNotice : format(m.unsubscribed, values))}</h1>`
    : `<h1>${e(m.unsubscribeTitle)}</h1><p>${e(format(m.unsubscribeConfirm, values))}</p>
<form method="post" action="/s/${e(tokenOf(ctx))}/unsubscribe"><input type="hidden" name="csrf" value="${e(csrf)}"><button type="submit">${e(m.unsubscribeButton)}</button></form>`;
  return layout(m.lang, m.unsubscribeTitle, `<div class="card"><p class="brand">${e(ctx.brand)}</p>${content}</div>`);
}

function tokenOf(ctx: SurveyContext): string {
  return ctx.token;
}

function question(ctx: SurveyContext, q: QuestionIdentifier, rating: number | null): string {
  const m = ctx.messages;
  const descriptor = QUESTIONS[q];
  const saved = ctx.answers.get(q);
  const id = (suffix: string | number) => `${q}-${suffix}`;
  const legend = format(descriptor.legend(m), { first_name: ctx.firstName, brand: ctx.brand });
  const hintText = descriptor.hint?.(m);
  const hint = hintText === undefined ? '' : `<p class="hint" id="${id('hint')}">${e(hintText)}</p>`;
  const inputs = descriptor.inputs({
    id,
    messages: m,
    options: optionsFor(q, ctx.company.settings),
    chosen: new Set(saved?.optionIds ?? []),
    answered: saved !== undefined,
    rating,
  });
  const comment = `<label class="comment" for="${id('comment')}">${e(m.comment)}<textarea id="${id('comment')}" name="comment_${q}" maxlength="2000">${e(saved?.comment ?? '')}</textarea></label>`;
  return `<fieldset${hint ? ` aria-describedby="${id('hint')}"` : ''}><legend>${e(legend)}</legend>${hint}<input type="hidden" name="shown_${q}" value="1"><div class="${descriptor.className}">${inputs}</div>${comment}</fieldset>`;
}
