import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

    const reopened = await get(`/s/${saved.headers.location}`.replace('/s//s/', '/s/'));
    assert.match(reopened.body, /Thank you! Your answers are saved\./);
    assert.ok(!reopened.body.includes('<script>alert'), 'comment is escaped');

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
    const { cookie, csrf } = csrfOf(page);
    assert.equal((await post(`/s/${token}`, { csrf, rating: '4', shown_nps: '1', nps: '7' }, { cookie })).statusCode, 303);
    assert.deepEqual(await answers(uuid), {});
    assert.equal((await interaction(ctx, uuid)).response_received_at, null);
  });
});
