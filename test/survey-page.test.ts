import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../src/modules/survey/survey-page.ts';
import type { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { csrfOf, eventually, fastWorker, interaction, postRequest, requestBody, surveyCompany, tokenFromMail } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
let worker: OutboxWorker;
before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, PUBLIC_URL: 'https://feedback.example' });
  worker = fastWorker(ctx);
});
after(async () => {
  await worker.stop();
  await ctx.close();
  await sink.close();
});

/** Sends a survey and returns its token and interaction uuid. */
async function survey(overrides: Record<string, unknown> = {}, settings: string[] = [], key: 'api_key' | 'test_api_key' = 'api_key') {
  const { company, agent } = await surveyCompany(ctx, settings, { firstName: 'Samantha <b>' });
  const body = requestBody(agent, overrides);
  const uuid = await postRequest(ctx, company[key], body);
  const to = key === 'api_key' ? body.customer.email : `qa@${company.subdomain}.example`;
  const mail = await eventually(async () => sink.received.find((m) => m.envelopeTo.includes(to)));
  return { token: tokenFromMail(mail.parsed), uuid, company, agent, mail, body };
}

const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
const post = (url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString() });

async function surveyRow(uuid: string) {
  const row = await interaction(ctx, uuid);
  return ctx.db.kysely.selectFrom('surveys').selectAll().where('interaction_id', '=', row.id).executeTakeFirstOrThrow();
}

/** Every `<style>` of a page, as CSP hashes. */
function styleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, css]) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`);
}

/** The form fields of every hidden and chosen input of a page, as a browser would post them. */
function formOf(html: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [tag] of html.matchAll(/<input [^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (!name || (/type="(radio|checkbox)"/.test(tag) && !/ checked/.test(tag))) continue;
    (fields[name] ??= []).push(value);
  }
  for (const [, name, text] of html.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) (fields[name] ??= []).push(text);
  return fields;
}

async function answers(uuid: string) {
  const row = await interaction(ctx, uuid);
  const rows = await ctx.db.kysely.selectFrom('answers').selectAll().where('interaction_id', '=', row.id).orderBy('question_id').execute();
  return Object.fromEntries(rows.map((a) => [a.question_key, { ...a, selected_options: JSON.parse(a.selected_options) }]));
}

describe('survey page', () => {
  it('records the star in one click, then the follow-ups, re-stamping sequence_id each time', async () => {
    const { token, uuid } = await survey();
    const sent = await eventually(async () => {
      const row = await interaction(ctx, uuid);
      return row.delivery_status === 'Sent' ? row : null;
    });
    const click = await get(`/s/${token}/rate/5`);
    assert.equal(click.statusCode, 303);
    assert.equal(click.headers.location, `/s/${token}`);
    const rated = await interaction(ctx, uuid);
    assert.ok(rated.response_received_at! > 0);
    assert.ok(rated.sequence_id > sent.sequence_id);
    assert.deepEqual((await answers(uuid)).agent_star_rating.selected_options, [{ option_id: 1075, option_text: '5', integer_value: 5 }]);

    const page = await get(`/s/${token}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-security-policy'] as string, /default-src 'none'/);
    assert.ok(Buffer.byteLength(page.body) < 30_000, `page is ${Buffer.byteLength(page.body)} bytes`);
    assert.ok(!page.body.includes('<b>'), 'agent name is escaped');
    assert.match(page.body, /What did Samantha &lt;b&gt; do particularly well\?/);
    assert.match(page.body, /How likely is it that you would recommend Blanca Peak to a friend or colleague\?/);
    assert.match(page.body, /id="agent_star_rating-5" name="rating" value="5" checked/);
    assert.match(page.body, /Coffee/);

    const { cookie, csrf } = csrfOf(page);
    const saved = await post(`/s/${token}`, {
      csrf,
      shown_agent_star_rating: '1', shown_areas_of_excellence: '1', shown_nps: '1', shown_fcr: '1', shown_rewards: '1',
      areas_of_excellence: ['1121', '1127'], nps: '9', fcr: '1180', rewards: String(/name="rewards" value="(\d+)"/.exec(page.body)![1]),
      comment_agent_star_rating: 'Great <script>alert(1)</script> help',
    }, { cookie });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, `/s/${token}/thanks`, 'a post without a step to go to is the final Send');
    const stored = await answers(uuid);
    assert.deepEqual(Object.keys(stored).sort(), ['agent_star_rating', 'areas_of_excellence', 'fcr', 'nps', 'rewards']);
    assert.equal(stored.agent_star_rating.question_id, 145);
    assert.equal(stored.agent_star_rating.question_text, 'How satisfied are you with the service you received from {{ employee.first_name }} today?');
    assert.equal(stored.agent_star_rating.comment, 'Great <script>alert(1)</script> help');
    assert.deepEqual(stored.areas_of_excellence.selected_options.map((o: { option_id: number }) => o.option_id), [1121, 1127]);
    assert.deepEqual(stored.nps.selected_options, [{ option_id: 1144, option_text: '9', integer_value: 9 }]);
    assert.deepEqual(stored.fcr.selected_options, [{ option_id: 1180, option_text: 'Yes', integer_value: null }]);
    const afterForm = await interaction(ctx, uuid);
    assert.equal(afterForm.reward_name, 'Coffee');
    assert.ok(afterForm.sequence_id > rated.sequence_id);
    assert.equal(afterForm.response_received_at, rated.response_received_at, 'first answer time is kept');

    const reopened = await get(`/s/${token}`);
    assert.match(reopened.body, /Great &lt;script&gt;alert\(1\)&lt;\/script&gt; help/);
    assert.ok(!reopened.body.includes('<script>alert'), 'comment is escaped');
    const closing = await get(saved.headers.location as string);
    assert.match(closing.body, /<h1>Thank you!<\/h1>/);

    const changed = await post(`/s/${token}`, { csrf, rating: '2', shown_agent_star_rating: '1' }, { cookie });
    assert.equal(changed.statusCode, 303);
    const downgraded = await answers(uuid);
    assert.equal(downgraded.agent_star_rating.selected_options[0].integer_value, 2);
    assert.equal(downgraded.areas_of_excellence, undefined, 'excellence does not apply to 2 stars');
    assert.equal(downgraded.rewards, undefined);
    assert.equal((await interaction(ctx, uuid)).reward_name, null);
    assert.match((await get(`/s/${token}`)).body, /What could Samantha &lt;b&gt; have done better\?/);
  });

  it('does not let a link scanner opening every star leave a rating', async () => {
    const { token, uuid } = await survey();
    for (const n of [1, 2, 3, 4, 5]) assert.equal((await get(`/s/${token}/rate/${n}`)).statusCode, 303);
    assert.equal((await answers(uuid)).agent_star_rating, undefined);
    assert.equal((await interaction(ctx, uuid)).response_received_at, null);
    const head = await ctx.app.inject({ method: 'HEAD', url: `/s/${token}/rate/1` });
    assert.equal(head.statusCode, 303, 'a HEAD is answered as a GET would be');
    assert.equal((await answers(uuid)).agent_star_rating, undefined, 'HEAD never records');

    const row = await interaction(ctx, uuid);
    await ctx.db.kysely.updateTable('surveys').set({ last_click_at: Date.now() - 60_000, scanner_at: Date.now() - 60_000 }).where('interaction_id', '=', row.id).execute();
    await get(`/s/${token}/rate/4`);
    assert.equal((await answers(uuid)).agent_star_rating.selected_options[0].integer_value, 4, 'the customer, a minute later, is recorded');
    await get(`/s/${token}/rate/4`);
    assert.equal((await answers(uuid)).agent_star_rating.selected_options[0].integer_value, 4, 'reopening the same star keeps it');
  });

  it('refuses cross-site and token-less form posts', async () => {
    const { token, uuid } = await survey();
    const page = await get(`/s/${token}`);
    const { cookie, csrf } = csrfOf(page);
    const form = { rating: '1', shown_agent_star_rating: '1' };
    assert.equal((await post(`/s/${token}`, { ...form, csrf })).statusCode, 403, 'no cookie');
    assert.equal((await post(`/s/${token}`, { ...form, csrf: 'x'.repeat(22) }, { cookie })).statusCode, 403, 'wrong token');
    assert.equal((await post(`/s/${token}`, { ...form, csrf }, { cookie, origin: 'https://evil.example' })).statusCode, 403, 'other origin');
    assert.equal((await post(`/s/${token}`, { ...form, csrf }, { cookie, 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    assert.deepEqual(await answers(uuid), {});
    assert.equal((await post(`/s/${token}`, { ...form, csrf, nps: '11', shown_nps: '1' }, { cookie })).statusCode, 400, 'bad input is a 400 page');
    assert.equal((await post(`/s/${token}`, { ...form, csrf, fcr: '999', shown_fcr: '1' }, { cookie })).statusCode, 400);
    assert.equal((await post(`/s/${token}`, { ...form, csrf }, { cookie, origin: 'https://feedback.example' })).statusCode, 303);
  });

  it('answers friendly 404 and 410 pages, and closes finished surveys', async () => {
    assert.equal((await get('/s/not-a-token')).statusCode, 404);
    const unknown = await get(`/s/${'A'.repeat(32)}`);
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.headers['content-type'] as string, /text\/html/);
    assert.match(unknown.body, /We could not find this survey/);

    const { token, uuid } = await survey();
    const row = await interaction(ctx, uuid);
    await get(`/s/${token}/rate/5`);
    await ctx.db.kysely.updateTable('interactions').set({ response_received_at: Date.now() - 2 * 3_600_000 }).where('id', '=', row.id).execute();
    const finished = await get(`/s/${token}`);
    assert.equal(finished.statusCode, 200);
    assert.match(finished.body, /This survey is finished/);
    await get(`/s/${token}/rate/1`);
    assert.equal((await answers(uuid)).agent_star_rating.selected_options[0].integer_value, 5, 'finished surveys do not change');

    await ctx.db.kysely.updateTable('surveys').set({ expires_at: Date.now() - 1 }).where('interaction_id', '=', row.id).execute();
    const expired = await get(`/s/${token}`);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /expired/);
  });

  it('speaks the interaction language, falling back to English', async () => {
    const es = await survey({ language: 'es' });
    assert.match(es.mail.parsed.subject!, /¿Qué tal lo hizo/);
    assert.equal(es.mail.parsed.from?.value[0].name, 'Samantha <b> de Blanca Peak');
    const page = await get(`/s/${es.token}`);
    assert.match(page.body, /<html lang="es">/);
    assert.match(page.body, /¿Cuál es tu grado de satisfacción/);
    for (const [lang, text] of [['fr', /Êtes-vous satisfait/], ['de', /Wie zufrieden sind Sie/], ['pt', /grau de satisfação/], ['nl', /Hoe tevreden ben je/], ['it', /Quanto sei soddisfatto/]] as const) {
      const { mail } = await survey({ language: lang });
      assert.match(mail.parsed.text!, text, lang);
    }
    const ja = await survey({ language: 'ja' });
    assert.match(ja.mail.parsed.text!, /How satisfied are you/);
  });

  it('unsubscribes through the page and the one-click POST; later requests say Unsubscribed', async () => {
    const first = await survey();
    const page = await get(`/s/${first.token}/unsubscribe`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(first.body.customer.email));
    const { cookie, csrf } = csrfOf(page);
    assert.equal((await post(`/s/${first.token}/unsubscribe`, {})).statusCode, 403);
    const done = await post(`/s/${first.token}/unsubscribe`, { csrf }, { cookie });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /you will not receive survey emails/);
    const later = await interaction(ctx, await postRequest(ctx, first.company.api_key, { ...first.body, brand: 'blancakids' }));
    assert.equal(later.delivery_status, 'Unsubscribed');

    const second = await survey();
    const oneClick = await post(`/s/${second.token}/unsubscribe`, { 'List-Unsubscribe': 'One-Click' });
    assert.equal(oneClick.statusCode, 200);
    const stored = await ctx.db.kysely.selectFrom('unsubscribes').selectAll().where('email_key', '=', second.body.customer.email.toLowerCase()).execute();
    assert.equal(stored.length, 1);
  });

  it('test-key surveys work but store nothing, and say so', async () => {
    const { token, uuid } = await survey({}, [], 'test_api_key');
    const click = await get(`/s/${token}/rate/4`);
    assert.equal(click.headers.location, `/s/${token}?rating=4`);
    const page = await get(click.headers.location as string);
    assert.match(page.body, /This is a test survey: answers are not stored\./);
    assert.match(page.body, /value="4" checked/);
    assert.match(page.body, /You rated Samantha &lt;b&gt; 4 stars — thank you!/);
    const { cookie, csrf } = csrfOf(page);
    const next = await post(`/s/${token}`, { csrf, rating: '4', shown_nps: '1', nps: '7', step: '0', go: '1' }, { cookie });
    assert.equal(next.headers.location, `/s/${token}?step=1&rating=4`, 'the previewed rating follows the steps');
    const done = await post(`/s/${token}`, { csrf, rating: '4', shown_nps: '1', nps: '7', go: 'done' }, { cookie });
    assert.equal(done.headers.location, `/s/${token}/thanks?rating=4`);
    assert.match((await get(done.headers.location as string)).body, /This is a test survey/);
    assert.deepEqual(await answers(uuid), {});
    assert.equal((await interaction(ctx, uuid)).response_received_at, null);
    assert.equal((await surveyRow(uuid)).completed_at, null, 'test surveys store no completion');
  });

  it('shows the steps of a phone: the rating confirmed, progress, Back and Next saving each answer', async () => {
    const { token, uuid } = await survey();
    await get(`/s/${token}/rate/5`);
    const page = await get(`/s/${token}`);
    assert.match(page.body, /<h1>You rated Samantha &lt;b&gt; 5 stars — thank you!<\/h1>/);
    assert.match(page.body, /<details class="change"><summary>Change rating<\/summary><fieldset/);
    assert.match(page.body, /<section class="step current" id="step-0"><p class="progress"><span>Question 1 of 5<\/span><progress class="bar" max="5" value="1" aria-hidden="true">/);
    assert.equal([...page.body.matchAll(/<section class="step/g)].length, 5, 'comment, excellence, NPS, FCR, reward');
    assert.equal([...page.body.matchAll(/<textarea /g)].length, 1, 'one comment box');
    assert.match(page.body, /id="step-0"><p[^]*?name="comment_agent_star_rating"/, 'the comment comes right after the rating by default');
    assert.match(page.body, /<p class="ends" id="nps-ends"><span><span class="sr">0: <\/span>Not at all likely<\/span><span><span class="sr">10: <\/span>Extremely likely<\/span><\/p>/);
    const { cookie, csrf } = csrfOf(page);
    const form = { ...formOf(page.body), csrf, nps: '8', step: '2' };
    const next = await post(`/s/${token}`, { ...form, go: '3' }, { cookie });
    assert.equal(next.headers.location, `/s/${token}?step=3`);
    assert.equal((await answers(uuid)).nps.selected_options[0].integer_value, 8, 'saved by Next');
    const enter = await post(`/s/${token}`, { ...form, go: 'next', step: '3' }, { cookie });
    assert.equal(enter.headers.location, `/s/${token}?step=4`, 'Enter (the default button) goes to the next step');
    const atStep = await get(`/s/${token}?step=3`);
    assert.match(atStep.body, /<section class="step current" id="step-3">/);
    assert.match(atStep.body, /Question 4 of 5/);
    assert.match(atStep.body, /<input type="hidden" name="step" value="3">/);
    assert.match(atStep.body, /id="nps-8" name="nps" value="8" checked/);
    assert.equal((await surveyRow(uuid)).completed_at, null, 'not finished by Next');
    assert.match((await get(`/s/${token}?step=40`)).body, /<section class="step current" id="step-4">/, 'a step past the end is the last');
  });

  it('asks for the rating as the first step when there is none, and lands on the step the customer asked for', async () => {
    const { token, uuid } = await survey();
    const page = await get(`/s/${token}`);
    assert.match(page.body, /<h1>Your feedback for Blanca Peak<\/h1>/);
    assert.match(page.body, /<section class="step current" id="step-0"><p class="progress"><span>Question 1 of 4<\/span>[^]*?name="rating"/);
    const { cookie, csrf } = csrfOf(page);
    const next = await post(`/s/${token}`, { ...formOf(page.body), csrf, rating: '4', go: '1' }, { cookie });
    assert.equal(next.headers.location, `/s/${token}?step=0`, 'the comment step, now first: the rating is confirmed above the steps');
    assert.equal((await answers(uuid)).agent_star_rating.selected_options[0].integer_value, 4);
  });

  it('asks once, politely, for a missing rating, keeps the other answers, then accepts the rest', async () => {
    const { token, uuid } = await survey();
    const page = await get(`/s/${token}`);
    const { cookie, csrf } = csrfOf(page);
    const first = await post(`/s/${token}`, { ...formOf(page.body), csrf, nps: '7', comment_agent_star_rating: 'Quick answer', go: 'done' }, { cookie });
    assert.equal(first.headers.location, `/s/${token}?nudge=1`);
    const saved = await answers(uuid);
    assert.equal(saved.nps.selected_options[0].integer_value, 7, 'the other answers are saved');
    assert.equal(saved.agent_star_rating.comment, 'Quick answer');
    assert.deepEqual(saved.agent_star_rating.selected_options, [], 'a comment without a star yet');
    const nudged = await get(first.headers.location as string);
    assert.match(nudged.body, /<p class="notice warn" id="agent_star_rating-nudge" role="alert">One more thing: how would you rate Samantha &lt;b&gt;\? Choose a star, or send again to skip it\.<\/p>/);
    assert.match(nudged.body, /<fieldset aria-describedby="agent_star_rating-nudge">/);
    assert.match(nudged.body, /<input type="hidden" name="nudged" value="1">/);
    assert.match(nudged.body, /id="nps-7" name="nps" value="7" checked/);
    assert.match(nudged.body, />Quick answer<\/textarea>/);
    const second = await post(`/s/${token}`, { ...formOf(nudged.body), csrf, go: 'done' }, { cookie });
    assert.equal(second.headers.location, `/s/${token}/thanks`, 'sent again without a star: accepted');
    assert.ok(Number((await surveyRow(uuid)).completed_at) > 0);
    const row = await interaction(ctx, uuid);
    assert.equal(row.star_rating, null);
    assert.equal(row.nps_score, 7);
  });

  it('closes with the brand message, says what happens next after a low rating, and stamps completed_at once', async () => {
    const { token, uuid, company } = await survey({ language: 'fr' });
    await ctx.db.kysely.updateTable('brands').set({ copy: JSON.stringify({ fr: { closing: 'Merci {customer}, toute l’équipe {brand} vous remercie.' } }), accent_color: '#0f766e' })
      .where('company_id', '=', company.id).where('name', '=', 'blancapeak').execute();
    ctx.services.credentials.clear();
    await get(`/s/${token}/rate/2`);
    const page = await get(`/s/${token}`);
    assert.match(page.body, /Vous avez donné 2 étoiles à Samantha &lt;b&gt; — merci\u00a0!/);
    assert.match(page.body, /--a:#0f766e/);
    const csp = page.headers['content-security-policy'] as string;
    assert.notEqual(csp, CONTENT_SECURITY_POLICY, 'a brand colour is its own style');
    assert.equal(csp, `default-src 'none'; style-src ${styleHashes(page.body).join(' ')}; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
    const { cookie, csrf } = csrfOf(page);
    const done = await post(`/s/${token}`, { ...formOf(page.body), csrf, go: 'done' }, { cookie });
    assert.equal(done.headers.location, `/s/${token}/thanks`);
    const completedAt = Number((await surveyRow(uuid)).completed_at);
    assert.ok(completedAt > 0);
    const closing = await get(done.headers.location as string);
    assert.equal(closing.statusCode, 200);
    assert.equal(closing.headers['content-security-policy'], `default-src 'none'; style-src ${styleHashes(closing.body).join(' ')}; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
    assert.match(closing.body, /<h1>Merci\u00a0!<\/h1><p>Merci Simone, toute l’équipe Blanca Peak vous remercie\.<\/p>/);
    assert.match(closing.body, /Nous sommes désolés que cela ne se soit pas mieux passé\. Blanca Peak pourra vous contacter pour arranger les choses\./);
    assert.match(closing.body, new RegExp(`href="/s/${token}\\?step=0">Modifier mes réponses`), 'the customer can go back until the survey is finished');
    await post(`/s/${token}`, { ...formOf(page.body), csrf, rating: '5', go: 'done' }, { cookie });
    assert.equal(Number((await surveyRow(uuid)).completed_at), completedAt, 'the first time only');
    const happy = await get(`/s/${token}/thanks`);
    assert.doesNotMatch(happy.body, /pourra vous contacter/, 'no recovery line after a happy rating');
  });

  it('shows options in the survey language: company translations, else built-in ones; stores the English text', async () => {
    const { token, uuid } = await survey({ language: 'de' }, ['option_translations.de.Coffee=Kaffee', 'option_translations.de.Friendly=Sehr freundlich']);
    await get(`/s/${token}/rate/5`);
    const page = await get(`/s/${token}`);
    assert.match(page.body, /name="areas_of_excellence" value="1121">Sehr freundlich<\/label>/, 'the company translation wins');
    assert.match(page.body, /name="areas_of_excellence" value="1123">Kompetent<\/label>/, 'a built-in translation of a default option');
    assert.match(page.body, />Kaffee<\/label>/);
    assert.match(page.body, />Lunch<\/label>/, 'an untranslated option shows its text');
    assert.match(page.body, /Überhaupt nicht wahrscheinlich/);
    const { cookie, csrf } = csrfOf(page);
    await post(`/s/${token}`, { ...formOf(page.body), csrf, areas_of_excellence: '1121', rewards: String(/value="(\d+)">Kaffee/.exec(page.body)![1]), go: 'done' }, { cookie });
    const stored = await answers(uuid);
    assert.equal(stored.areas_of_excellence.selected_options[0].option_text, 'Friendly');
    assert.equal(stored.rewards.selected_options[0].option_text, 'Coffee');
    assert.equal((await interaction(ctx, uuid)).reward_name, 'Coffee');
  });

  it('puts the one comment box last when the company chooses, and keeps comments saved per question by older pages', async () => {
    const { token, uuid } = await survey({}, ['comment_position=end']);
    await get(`/s/${token}/rate/5`);
    const row = await interaction(ctx, uuid);
    await ctx.db.kysely.insertInto('answers').values({
      company_id: row.company_id, interaction_id: row.id, question_key: 'fcr', question_id: 152, question_text: 'Were we able to resolve your issue today?',
      comment: 'Older per-question comment', selected_options: JSON.stringify([{ option_id: 1180, option_text: 'Yes', integer_value: null }]), created_at: Date.now(), updated_at: Date.now(),
    }).execute();
    const page = await get(`/s/${token}`);
    const steps = [...page.body.matchAll(/<section class="step[^"]*" id="step-(\d)">([^]*?)<\/section>/g)];
    assert.match(steps.at(-1)![2], /name="comment_agent_star_rating"/, 'the comment is the last step');
    assert.match(page.body, /name="comment_fcr" maxlength="2000">Older per-question comment<\/textarea>/, 'an older comment is shown');
    const { cookie, csrf } = csrfOf(page);
    const form = formOf(page.body);
    delete form.comment_fcr;
    await post(`/s/${token}`, { ...form, csrf, comment_agent_star_rating: 'One box', go: '1' }, { cookie });
    const stored = await answers(uuid);
    assert.equal(stored.fcr.comment, 'Older per-question comment', 'a form without its box keeps it');
    assert.equal(stored.agent_star_rating.comment, 'One box');
    await post(`/s/${token}`, { ...form, csrf, comment_agent_star_rating: '', go: '1' }, { cookie });
    assert.equal((await answers(uuid)).agent_star_rating.comment, null, 'an emptied box clears the comment');
  });

  it('shows the brand logo and the agent photo from this service only, with alt texts, and the agent title', async () => {
    const { token, company, agent } = await survey({ language: 'de' });
    const plain = await get(`/s/${token}`);
    assert.doesNotMatch(plain.body, /cdn\.example/, 'an image on another host is not loaded (img-src \'self\')');
    assert.match(plain.body, /<span class="photo initials" aria-hidden="true">S<\/span>/);
    assert.match(plain.body, /<p class="brand">Blanca Peak<\/p>/, 'the display name, never the internal brand name');
    await ctx.db.kysely.updateTable('employees').set({ photo_key: 'agents/samantha.webp', title: 'Kundenberaterin' }).where('id', '=', agent.id).execute();
    await ctx.db.kysely.updateTable('brands').set({ logo_key: 'brands/blanca.png' }).where('company_id', '=', company.id).where('name', '=', 'blancapeak').execute();
    ctx.services.credentials.clear();
    const page = await get(`/s/${token}`);
    assert.match(page.body, /<img class="logo" src="\/media\/brands\/blanca\.png" alt="Blanca Peak">/);
    assert.match(page.body, /<img class="photo" src="\/media\/agents\/samantha\.webp" alt="Foto von Samantha &lt;b&gt;" width="56" height="56"><div><p class="agent-name">Samantha &lt;b&gt;<\/p><p class="agent-title">Kundenberaterin<\/p>/);
  });
});
