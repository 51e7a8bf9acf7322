import { createHash } from 'node:crypto';
import { escapeHtml as e } from '../../lib/html.ts';
import { DEFAULT_ACCENT } from '../companies/brand-kit.ts';
import { format, type Messages } from './i18n/messages.ts';
import { optionLabel } from './i18n/option-translations.ts';
import { QUESTIONS } from './question-catalog.ts';
import { HAPPY_FROM_STARS, type QuestionIdentifier } from './questions/question-descriptor.ts';
import { optionsFor } from './survey-options.ts';
import { surveySteps, type StepKey } from './survey-steps.ts';
import type { SurveyContext } from './survey.service.ts';

/**
 * The survey's fixed stylesheet. Colours of the brand come from custom properties set by a second,
 * per-page style (both allowed by hash). On a phone one step shows at a time; from 48rem every
 * step shows, with one Send button.
 */
const STYLE = `*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:.5rem}.card{background:#fff;border-radius:.75rem;padding:1rem .875rem;margin:0 0 .75rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.top{display:flex;flex-direction:column;gap:.75rem;margin:0 0 1rem}.brand{margin:0;font-weight:700;color:var(--a);font-size:1rem}.logo{display:block;max-height:2.5rem;max-width:60%;width:auto;height:auto}
.agent{display:flex;align-items:center;gap:.75rem}.photo{width:3.5rem;height:3.5rem;border-radius:50%;object-fit:cover;flex:none;background:var(--tint)}
.initials{display:flex;align-items:center;justify-content:center;background:var(--a);color:#fff;font-weight:700;font-size:1.375rem}
.agent p{margin:0}.agent-name{font-weight:700}.agent-title{color:#4b5563;font-size:.9rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem;overflow-wrap:break-word;hyphens:auto}
fieldset{border:0;margin:0;padding:0;min-width:0}legend{font-weight:700;font-size:1.125rem;line-height:1.35;margin-bottom:.75rem;padding:0;overflow-wrap:break-word;hyphens:auto}
.opts{display:flex;flex-wrap:wrap;gap:.5rem}.opts label{display:flex;align-items:center;gap:.5rem;border:2px solid #6b7280;border-radius:.5rem;padding:.5rem .75rem;min-height:2.75rem;cursor:pointer;background:#fff;overflow-wrap:anywhere}
.opts input{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:var(--a)}.opts label:has(input:checked){border-color:var(--a);background:var(--tint);font-weight:600}
.scale{display:grid;gap:.1875rem}.nps{grid-template-columns:repeat(11,minmax(0,1fr))}.stars{grid-template-columns:repeat(5,minmax(0,1fr));gap:.375rem}
.scale label{position:relative;display:flex;flex-direction:column;align-items:center;justify-content:center;min-width:0;min-height:2.75rem;border:2px solid #6b7280;border-radius:.375rem;background:#fff;cursor:pointer;font-weight:600;font-size:.95rem;line-height:1.1;padding:.25rem 0}
.scale input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.scale label:has(input:checked){background:var(--a);border-color:var(--a);color:#fff}.scale label:has(input:focus-visible){outline:3px solid var(--a);outline-offset:2px}
.stars label{min-height:3.5rem}.star{font-size:1.5rem;line-height:1;color:#b45309}.stars label:has(input:checked) .star{color:#fff}
.ends{display:flex;justify-content:space-between;gap:1rem;color:#4b5563;font-size:.8125rem;margin:.375rem 0 0}.ends span:last-child{text-align:right}
.hint{color:#4b5563;font-size:.875rem;margin:-.25rem 0 .75rem}.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.comment-label{display:block;font-weight:700;font-size:1.125rem;line-height:1.35;margin-bottom:.5rem}.legacy{display:block;margin-top:.75rem;font-size:.9rem;color:#374151}
textarea{display:block;width:100%;min-height:6rem;margin-top:.25rem;border:2px solid #6b7280;border-radius:.5rem;padding:.5rem .625rem;font:inherit;resize:vertical}
button,.button{display:inline-flex;align-items:center;justify-content:center;font:inherit;font-weight:700;color:#fff;background:var(--a);border:2px solid var(--a);border-radius:.5rem;padding:.625rem 1.25rem;min-height:2.75rem;cursor:pointer;text-decoration:none}
button:hover,.button:hover{background:var(--dark);border-color:var(--dark)}.secondary{background:#fff;color:var(--a)}.secondary:hover{background:var(--tint);border-color:var(--a)}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}summary{cursor:pointer;color:var(--a);font-weight:600;display:inline-block;padding:.25rem 0;min-height:1.5rem}
.change{margin:0 0 1rem}.change[open] summary{margin-bottom:.75rem}
.notice{border-left:4px solid #15803d;background:#f0fdf4;padding:.75rem 1rem;margin:0 0 1rem;border-radius:.25rem}.warn{border-left-color:#b45309;background:#fffbeb}
a{color:var(--a)}.foot{font-size:.85rem;color:#4b5563;text-align:center;margin:1rem 0}
.step{display:none;border-top:1px solid #e5e7eb;padding-top:1rem;margin-top:1rem}.step.current{display:block}.steps>.step:first-child{border-top:0;margin-top:0;padding-top:0}
.progress{display:flex;align-items:center;gap:.75rem;color:#4b5563;font-size:.875rem;margin:0 0 .75rem}
.bar{flex:1;height:.375rem;background:#e5e7eb;border-radius:1rem;overflow:hidden;appearance:none;border:0}.bar::-webkit-progress-bar{background:#e5e7eb}.bar::-webkit-progress-value{background:var(--a)}.bar::-moz-progress-bar{background:var(--a)}
.nav{display:flex;gap:.5rem;margin-top:1.25rem}.nav .next{flex:1}.finish{display:none;margin-top:1.5rem}.finish button{width:100%}
.default-action{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.given{margin:0 0 .25rem;font-size:1.5rem;letter-spacing:.125rem;color:#b45309;line-height:1}.given span{color:#d1d5db}.nav button{padding:.625rem .875rem}
.closing h1{font-size:1.5rem}.closing>p{margin:0 0 1rem}.tick{display:flex;align-items:center;justify-content:center;width:3rem;height:3rem;border-radius:50%;background:var(--a);color:#fff;font-size:1.5rem;font-weight:700;margin:0 0 .75rem}
summary::after{content:" \\25BE"}.change[open] summary::after{content:" \\25B4"}
@media (min-width:48rem){main{padding:2rem 1rem}.card{padding:1.75rem 2rem}.step{display:block}.nav,.progress{display:none}.finish{display:block}.top{flex-direction:row;align-items:center;justify-content:space-between}.scale{gap:.375rem}}`;

const hashOf = (css: string) => createHash('sha256').update(css).digest('base64');

/** The brand's colours: the accent, a darker shade (hover) and a light tint (chosen options). */
function colourStyle(accent: string): string {
  return `:root{--a:${accent};--dark:${mix(accent, '#000000', 0.2)};--tint:${mix(accent, '#ffffff', 0.9)}}`;
}

/** `from` mixed with `to` by `amount` (0..1), as #rrggbb. */
function mix(from: string, to: string, amount: number): string {
  const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const [a, b] = [channels(from), channels(to)];
  return `#${a.map((c, i) => Math.round(c + (b[i] - c) * amount).toString(16).padStart(2, '0')).join('')}`;
}

/** The CSP of a page: no scripts, no external resources, its own styles by hash, forms post only to us, never framed. */
export function contentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, css]) => `'sha256-${hashOf(css)}'`);
  return `default-src 'none'; style-src ${hashes.join(' ')}; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

/** The CSP of pages in the default colours (brands without an accent colour, pages of no survey). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(`<style>${STYLE}</style><style>${colourStyle(DEFAULT_ACCENT)}</style>`);

function layout(lang: string, title: string, body: string, accent = DEFAULT_ACCENT): string {
  const safeAccent = /^#[0-9a-fA-F]{6}$/.test(accent) ? accent.toLowerCase() : DEFAULT_ACCENT;
  return `<!DOCTYPE html><html lang="${e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin"><meta name="robots" content="noindex"><title>${e(title)}</title><style>${STYLE}</style><style>${colourStyle(safeAccent)}</style></head><body><main>${body}</main></body></html>`;
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
  /** The step shown on a phone. */
  step?: number;
  /** The form was sent without a star rating: ask for it, once. */
  nudge?: boolean;
}

/** The brand (logo or name) and the agent who helped (photo, first name, title). */
function header(ctx: SurveyContext): string {
  const m = ctx.messages;
  const brand = ctx.logoPath ? `<img class="logo" src="${e(ctx.logoPath)}" alt="${e(ctx.brand)}">` : `<p class="brand">${e(ctx.brand)}</p>`;
  const photo = ctx.photoPath
    ? `<img class="photo" src="${e(ctx.photoPath)}" alt="${e(format(m.photoAlt, { first_name: ctx.firstName }))}" width="56" height="56">`
    : `<span class="photo initials" aria-hidden="true">${e([...ctx.firstName][0]?.toUpperCase() ?? '')}</span>`;
  const title = ctx.agent.title ? `<p class="agent-title">${e(ctx.agent.title)}</p>` : '';
  return `<header class="top">${brand}<div class="agent">${photo}<div><p class="agent-name">${e(ctx.firstName)}</p>${title}</div></div></header>`;
}

/** "You rated Samantha 5 stars — thank you!" in the survey's language. */
export function ratingConfirmation(m: Messages, firstName: string, rating: number): string {
  const stars = format(m.starCount[rating === 1 ? 0 : 1], { n: String(rating) });
  return format(m.ratedConfirm, { first_name: firstName, stars });
}

/**
 * The survey form. A given rating is confirmed at the top (changed in a "Change rating" disclosure);
 * the follow-ups and the comment box are steps: on a phone the server shows the current one
 * (`?step=`) with Back / Next buttons that post the whole form (every answer is saved) and come
 * back at the step they name; on a wide screen every step shows, with one Send button.
 */
export function renderSurveyPage(ctx: SurveyContext, options: PageOptions): string {
  const m = ctx.messages;
  const token = e(ctx.token);
  const title = format(m.pageTitle, { first_name: ctx.firstName, brand: ctx.brand });
  const rating = ctx.rating ?? options.previewRating ?? null;
  const steps = surveySteps(ctx.company.settings, ctx.questions, rating);
  const current = options.nudge ? 0 : Math.max(0, Math.min(steps.length - 1, options.step ?? 0));
  const notices = [
    ctx.isTest ? `<p class="notice warn" role="status">${e(m.testNotice)}</p>` : '',
    options.saved && !ctx.isTest ? `<p class="notice" role="status">${e(m.saved)} ${e(m.changeUntil)}</p>` : '',
  ].join('');
  const given = rating === null ? '' : `<p class="given" aria-hidden="true">${'&#9733;'.repeat(rating)}<span>${'&#9733;'.repeat(5 - rating)}</span></p>`;
  const heading = rating === null ? `<h1>${e(title)}</h1>` : `${given}<h1>${e(ratingConfirmation(m, ctx.firstName, rating))}</h1>`;
  const change = rating === null ? '' : `<details class="change"><summary>${e(m.changeRating)}</summary>${question(ctx, 'agent_star_rating', rating)}</details>`;
  const sections = steps.map((key, i) => step(ctx, key, i, steps.length, i === current, rating, options.nudge === true)).join('');
  const body = `<div class="card">${header(ctx)}${heading}${notices}
<form method="post" action="/s/${token}" novalidate><button type="submit" name="go" value="next" class="default-action" tabindex="-1" aria-hidden="true">${e(m.next)}</button><input type="hidden" name="csrf" value="${e(options.csrf)}"><input type="hidden" name="step" value="${current}">${options.nudge ? '<input type="hidden" name="nudged" value="1">' : ''}${change}<div class="steps">${sections}</div><div class="finish"><button type="submit" name="go" value="done">${e(m.submit)}</button></div></form></div>
<p class="foot"><a href="/s/${token}/unsubscribe">${e(m.unsubscribe)}</a></p>`;
  return layout(m.lang, title, body, ctx.presentation.accentColor);
}

function step(ctx: SurveyContext, key: StepKey, index: number, count: number, isCurrent: boolean, rating: number | null, nudge: boolean): string {
  const m = ctx.messages;
  const progress = `<p class="progress"><span>${e(format(m.progress, { n: String(index + 1), total: String(count) }))}</span><progress class="bar" max="${count}" value="${index + 1}" aria-hidden="true"></progress></p>`;
  const content = key === 'comment' ? commentBox(ctx) : question(ctx, key, rating, nudge && key === 'agent_star_rating');
  const back = index > 0 ? `<button type="submit" name="go" value="${index - 1}" class="secondary">${e(m.back)}</button>` : '';
  const next = index < count - 1
    ? `<button type="submit" name="go" value="${index + 1}" class="next">${e(m.next)}</button>`
    : `<button type="submit" name="go" value="done" class="next">${e(m.submit)}</button>`;
  return `<section class="step${isCurrent ? ' current' : ''}" id="step-${index}">${progress}${content}<div class="nav">${back}${next}</div></section>`;
}

/** The one comment box: the comment of the star rating's answer. */
function commentBox(ctx: SurveyContext): string {
  const saved = ctx.answers.get('agent_star_rating')?.comment ?? '';
  return `<label class="comment-label" for="comment">${e(ctx.messages.commentQuestion)}</label><textarea id="comment" name="comment_agent_star_rating" maxlength="2000">${e(saved)}</textarea>`;
}

function question(ctx: SurveyContext, q: QuestionIdentifier, rating: number | null, nudge = false): string {
  const m = ctx.messages;
  const descriptor = QUESTIONS[q];
  const saved = ctx.answers.get(q);
  const id = (suffix: string | number) => `${q}-${suffix}`;
  const legend = format(descriptor.legend(m), { first_name: ctx.firstName, brand: ctx.brand });
  const hintText = descriptor.hint?.(m);
  const described: string[] = [];
  const hint = hintText === undefined ? '' : `<p class="hint" id="${id('hint')}">${e(hintText)}</p>`;
  if (hint) described.push(id('hint'));
  const endTexts = descriptor.ends?.(m);
  const values = 'fixed' in descriptor.options ? descriptor.options.fixed : [];
  const ends = endTexts
    ? `<p class="ends" id="${id('ends')}"><span><span class="sr">${e(values[0]?.option_text ?? '')}: </span>${e(endTexts[0])}</span><span><span class="sr">${e(values.at(-1)?.option_text ?? '')}: </span>${e(endTexts[1])}</span></p>`
    : '';
  if (ends) described.push(id('ends'));
  const notice = nudge ? `<p class="notice warn" id="${id('nudge')}" role="alert">${e(format(m.nudge, { first_name: ctx.firstName }))}</p>` : '';
  if (notice) described.push(id('nudge'));
  const language = m.lang;
  const inputs = descriptor.inputs({
    id,
    messages: m,
    options: optionsFor(q, ctx.company.settings),
    chosen: new Set(saved?.optionIds ?? []),
    answered: saved !== undefined,
    rating,
    label: (option) => optionLabel(ctx.company.settings, language, option.option_text),
  });
  // A comment saved with this question by an earlier version of the page stays shown (and kept).
  const legacy = q !== 'agent_star_rating' && saved?.comment
    ? `<label class="legacy" for="${id('comment')}">${e(m.comment)}<textarea id="${id('comment')}" name="comment_${q}" maxlength="2000">${e(saved.comment)}</textarea></label>`
    : '';
  const describedBy = described.length > 0 ? ` aria-describedby="${described.join(' ')}"` : '';
  return `<fieldset${describedBy}><legend>${e(legend)}</legend>${notice}${hint}<input type="hidden" name="shown_${q}" value="1"><div class="${descriptor.className}">${inputs}</div>${ends}${legacy}</fieldset>`;
}

/** The closing screen: the brand's message, and what happens next after a low rating. */
export function renderClosingPage(ctx: SurveyContext, rating: number | null): string {
  const m = ctx.messages;
  const values = { first_name: ctx.firstName, brand: ctx.brand, customer: ctx.interaction.customer_name ?? '' };
  const closing = ctx.presentation.copy.closing?.trim() || m.closingDefault;
  const low = rating !== null && rating < HAPPY_FROM_STARS ? `<p>${e(format(m.lowRatingNext, values))}</p>` : '';
  const change = ctx.state === 'open' ? `<p><a class="button secondary" href="/s/${e(ctx.token)}?step=0${ctx.isTest && rating ? `&amp;rating=${rating}` : ''}">${e(m.changeAnswers)}</a></p>` : '';
  const test = ctx.isTest ? `<p class="notice warn" role="status">${e(m.testNotice)}</p>` : '';
  const body = `<div class="card closing">${header(ctx)}${test}<div class="tick" aria-hidden="true">&#10003;</div><h1>${e(m.closingTitle)}</h1><p>${e(format(closing, values))}</p>${low}${change}</div>
<p class="foot"><a href="/s/${e(ctx.token)}/unsubscribe">${e(m.unsubscribe)}</a></p>`;
  return layout(m.lang, format(m.pageTitle, values), body, ctx.presentation.accentColor);
}

/** The unsubscribe confirmation (GET) and result (after POST). */
export function renderUnsubscribePage(ctx: SurveyContext, csrf: string, done: boolean): string {
  const m = ctx.messages;
  const values = { brand: ctx.brand, email: ctx.isTest ? '' : (ctx.interaction.customer_email ?? '') };
  const content = done
    ? `<h1>${e(ctx.isTest ? m.testNotice : format(m.unsubscribed, values))}</h1>`
    : `<h1>${e(m.unsubscribeTitle)}</h1><p>${e(format(m.unsubscribeConfirm, values))}</p>
<form method="post" action="/s/${e(ctx.token)}/unsubscribe"><input type="hidden" name="csrf" value="${e(csrf)}"><button type="submit">${e(m.unsubscribeButton)}</button></form>`;
  return layout(m.lang, m.unsubscribeTitle, `<div class="card"><p class="brand">${e(ctx.brand)}</p>${content}</div>`, ctx.presentation.accentColor);
}
