import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../src/modules/demo-data/seed-demo.ts';
import { QUESTIONS } from '../src/modules/survey/question-catalog.ts';
import { createRecovery, createRequest, dataCompany, respond, type GivenAnswer } from './helpers/data-return.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const V2_KEYS = [
  'uuid', 'sequence_id', 'parent_uuid', 'is_recovery', 'branding', 'channel', 'ext_interaction_id', 'external_url', 'language',
  'survey_id', 'survey_name', 'tags', 'request_created_at', 'request_delivery_status', 'request_sent_at', 'requested_via',
  'response_received_at', 'reward_eligible', 'reward_name', 'marketing', 'employee', 'team_leader', 'customer', 'custom_properties', 'answers',
];
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const STAR_5: GivenAnswer = {
  key: 'agent_star_rating',
  questionId: QUESTIONS.agent_star_rating.question_id,
  questionText: QUESTIONS.agent_star_rating.question_text,
  options: [{ option_id: 1075, option_text: '5', integer_value: 5 }],
  comment: 'John was exceptionally friendly and knowledgeable.',
};
const EXCELLENCE: GivenAnswer = {
  key: 'areas_of_excellence',
  questionId: 146,
  questionText: QUESTIONS.areas_of_excellence.question_text,
  options: [{ option_id: 1121, option_text: 'Friendly', integer_value: null }, { option_id: 1123, option_text: 'Knowledgeable', integer_value: null }],
};
const NPS_8: GivenAnswer = { key: 'nps', questionId: 148, questionText: QUESTIONS.nps.question_text, options: [{ option_id: 1143, option_text: '8', integer_value: 8 }] };
const FCR_YES: GivenAnswer = { key: 'fcr', questionId: 152, questionText: QUESTIONS.fcr.question_text, options: [{ option_id: 1180, option_text: 'Yes', integer_value: null }], comment: "This is the third time I've emailed support." };

async function setCreatedAt(companyId: number, uuid: string, createdAt: number) {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('interactions').select('id').where('uuid', '=', uuid).executeTakeFirstOrThrow();
    await ctx.services.interactions.touch(trx, companyId, Number(row.id), { created_at: createdAt });
  });
}

describe('GET /v2/data', () => {
  it('returns each interaction with exactly the seed fields, nesting and formats', async () => {
    const { company, employee } = await dataCompany(ctx);
    const id = await createRequest(ctx, company, employee, { brand: 'blancapeak', channel: 'email', tags: ['deliveries', 'holidays'], ext_interaction_id: '113752' });
    const untouched = await createRequest(ctx, company, employee, { custom_properties: undefined, customer: { email: 'jane@example.com' } });
    const respondedAt = Date.parse('2020-01-03T17:35:00.000Z');
    await respond(ctx, company.id, id, [STAR_5, EXCELLENCE, NPS_8, FCR_YES], respondedAt);

    const response = await ctx.as(company).get('/v2/data');
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body = response.json();
    assert.equal(body.length, 2);
    const [second, first] = body;
    assert.equal(first.uuid, id, 'the answered interaction was updated last, so it comes last');
    assert.equal(second.uuid, untouched);
    assert.ok(first.sequence_id > second.sequence_id);
    for (const record of body) assert.deepEqual(Object.keys(record), V2_KEYS);

    const stored = await ctx.db.kysely.selectFrom('interactions').selectAll().where('uuid', '=', id).executeTakeFirstOrThrow();
    assert.equal(first.sequence_id, stored.sequence_id);
    assert.equal(first.parent_uuid, null);
    assert.equal(first.is_recovery, false);
    assert.equal(first.branding, 'blancapeak');
    assert.equal(first.channel, 'email');
    assert.equal(first.ext_interaction_id, '113752');
    assert.equal(first.external_url, 'https://blancapeak.your-source-system.com/cases/49288523');
    assert.equal(first.language, 'en');
    assert.equal(first.survey_id, 1);
    assert.equal(first.survey_name, 'Feedback');
    assert.deepEqual(first.tags, ['deliveries', 'holidays']);
    assert.match(first.request_created_at, ISO_MS);
    assert.equal(first.request_created_at, new Date(stored.created_at).toISOString());
    assert.equal(first.request_delivery_status, 'Do Not Send');
    assert.equal(first.request_sent_at, null);
    assert.equal(first.requested_via, 'API');
    assert.equal(first.response_received_at, '2020-01-03T17:35:00.000Z');
    assert.equal(first.reward_eligible, false);
    assert.equal(first.reward_name, null);
    assert.equal(Object.keys(first.marketing).length, 10);
    assert.ok(Object.values(first.marketing).every((value) => value === false));
    assert.deepEqual(first.employee, { custom_id: '1471332', email: employee.email, first_name: 'John', last_name: 'Smith' });
    assert.deepEqual(first.team_leader, { custom_id: '6592299', full_name: 'Alice Jones' });
    assert.deepEqual(first.customer, { custom_id: 'simone123', email: 'simone@example.com', full_name: 'Simone' });
    assert.deepEqual(first.custom_properties, { issue_type: 'Order Change Request', order_id: '100928810' });
    assert.deepEqual(first.answers, {
      agent_star_rating: {
        question_id: 145,
        question_text: 'How satisfied are you with the service you received from {{ employee.first_name }} today?',
        comment: 'John was exceptionally friendly and knowledgeable.',
        selected_options: { 1075: { option_id: 1075, option_text: '5', integer_value: 5 } },
      },
      areas_of_excellence: {
        question_id: 146,
        question_text: 'What did {{ employee.first_name }} do particularly well?',
        comment: null,
        selected_options: {
          1121: { option_id: 1121, option_text: 'Friendly', integer_value: null },
          1123: { option_id: 1123, option_text: 'Knowledgeable', integer_value: null },
        },
      },
      nps: {
        question_id: 148,
        question_text: 'How likely is it that you would recommend {{ brand.name }} to a friend or colleague?',
        comment: null,
        selected_options: { 1143: { option_id: 1143, option_text: '8', integer_value: 8 } },
      },
      fcr: {
        question_id: 152,
        question_text: 'Were we able to resolve your issue today?',
        comment: "This is the third time I've emailed support.",
        selected_options: { 1180: { option_id: 1180, option_text: 'Yes', integer_value: null } },
      },
    });
    assert.deepEqual(second.answers, {});
    assert.equal(second.response_received_at, null);
    assert.deepEqual(second.customer, { custom_id: null, email: 'jane@example.com', full_name: null });
    assert.equal(second.custom_properties, null);
  });

  it('excludes service recoveries unless include_recovery=true, and links them to their parent', async () => {
    const { company, employee } = await dataCompany(ctx);
    const parent = await createRequest(ctx, company, employee);
    const recovery = await createRecovery(ctx, company, parent);
    const plain = (await ctx.as(company).get('/v2/data')).json();
    assert.deepEqual(plain.map((r: { uuid: string }) => r.uuid), [parent]);
    const explicitFalse = (await ctx.as(company).get('/v2/data?include_recovery=false')).json();
    assert.equal(explicitFalse.length, 1);
    const all = (await ctx.as(company).get('/v2/data?include_recovery=true')).json();
    assert.deepEqual(all.map((r: { uuid: string }) => r.uuid), [parent, recovery]);
    assert.equal(all[1].parent_uuid, parent);
    assert.equal(all[1].is_recovery, true);
    assert.equal(all[1].survey_id, 2);
    assert.equal(all[1].survey_name, 'Service Recovery');
    assert.equal(all[0].is_recovery, false);
  });

  it('shows the production key only production interactions and the test key only test ones', async () => {
    const { company, employee } = await dataCompany(ctx);
    const live = await createRequest(ctx, company, employee);
    const test = await createRequest(ctx, company, employee, {}, true);
    const other = await dataCompany(ctx);
    await createRequest(ctx, other.company, other.employee);
    for (const url of ['/v2/data', '/v1/data/requests']) {
      const production = (await ctx.as(company).get(url)).json();
      const testView = (await ctx.as(company, { key: 'test' }).get(url)).json();
      const ids = (body: unknown) => (Array.isArray(body) ? body.map((r) => r.uuid) : (body as { requests: { request_id: string }[] }).requests.map((r) => r.request_id));
      assert.deepEqual(ids(production), [live], url);
      assert.deepEqual(ids(testView), [test], url);
    }
  });

  it('pages in ascending sequence_id with after (exclusive) and limit', async () => {
    const { company, employee } = await dataCompany(ctx);
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push(await createRequest(ctx, company, employee, { ext_interaction_id: `t${i}` }));
    const all = (await ctx.as(company).get('/v2/data')).json();
    assert.deepEqual(all.map((r: { uuid: string }) => r.uuid), created);
    const sequence = all.map((r: { sequence_id: number }) => r.sequence_id);
    assert.deepEqual([...sequence].sort((a, b) => a - b), sequence);

    const seen: string[] = [];
    let last = 0;
    for (;;) {
      const page = (await ctx.as(company).get(`/v2/data?limit=3&after=${last}`)).json();
      if (page.length === 0) break;
      assert.ok(page.length <= 3);
      seen.push(...page.map((r: { uuid: string }) => r.uuid));
      last = page[page.length - 1].sequence_id;
    }
    assert.deepEqual(seen, created);
    const afterThird = (await ctx.as(company).get(`/v2/data?after=${sequence[2]}`)).json();
    assert.deepEqual(afterThird.map((r: { uuid: string }) => r.uuid), created.slice(3));
  });

  it('filters on created_at and responded_at with any ISO 8601 offset (bounds inclusive)', async () => {
    const { company, employee } = await dataCompany(ctx);
    const a = await createRequest(ctx, company, employee, { ext_interaction_id: 'a' });
    const b = await createRequest(ctx, company, employee, { ext_interaction_id: 'b' });
    const c = await createRequest(ctx, company, employee, { ext_interaction_id: 'c' });
    await setCreatedAt(company.id, a, Date.parse('2019-12-19T12:00:00Z'));
    await setCreatedAt(company.id, b, Date.parse('2019-12-20T05:00:00Z'));
    await setCreatedAt(company.id, c, Date.parse('2019-12-21T12:00:00Z'));
    await respond(ctx, company.id, b, [STAR_5], Date.parse('2019-12-20T06:00:00Z'));
    await respond(ctx, company.id, c, [STAR_5], Date.parse('2019-12-22T00:00:00Z'));

    const ids = async (query: string) => (await ctx.as(company).get(`/v2/data?${query}`)).json().map((r: { ext_interaction_id: string }) => r.ext_interaction_id).sort();
    assert.deepEqual(await ids(`created_at_gte=${encodeURIComponent('2019-12-20T00:00:00-05:00')}`), ['b', 'c']);
    assert.deepEqual(await ids('created_at_gte=2019-12-20T05:00:00.001Z'), ['c']);
    assert.deepEqual(await ids(`created_at_lte=${encodeURIComponent('2019-12-20T00:00:00-05:00')}`), ['a', 'b']);
    assert.deepEqual(await ids('created_at_lte=2019-12-20T04:59:59.999Z'), ['a']);
    assert.deepEqual(await ids(`created_at_gte=2019-12-20&created_at_lte=${encodeURIComponent('2019-12-21T00:00:00+01:00')}`), ['b']);
    assert.deepEqual(await ids('responded_at_gte=1970-01-01T00:00:00Z'), ['b', 'c']);
    assert.deepEqual(await ids('responded_at_lte=2019-12-21T00:00:00Z'), ['b']);
    assert.deepEqual(await ids(`responded_at_gte=${encodeURIComponent('2019-12-21T20:00:00-04:00')}`), ['c']);
    assert.deepEqual(await ids('responded_at_gte=2019-12-22T00:00:00.001Z'), []);
  });

  it('answers 400 naming the parameter for every invalid value, never a 5xx', async () => {
    const { company } = await dataCompany(ctx);
    const cases: [string, string][] = [
      ['after=abc', 'after'], ['after=-1', 'after'], ['after=1.5', 'after'], ['after=1e300', 'after'],
      ['limit=0', 'limit'], ['limit=abc', 'limit'], ['limit=10001', 'limit'], ['limit=-5', 'limit'],
      ['stream=maybe', 'stream'], ['include_recovery=perhaps', 'include_recovery'],
      ['created_at_gte=yesterday', 'created_at_gte'], ['created_at_lte=2019-13-01T00:00:00Z', 'created_at_lte'],
      ['responded_at_gte=2019-02-30', 'responded_at_gte'], ['responded_at_lte=2019-12-20T25:00:00Z', 'responded_at_lte'],
      ['created_at_gte=2019-12-20T00:00:00%2B99:00', 'created_at_gte'], ['created_at_gte=', 'created_at_gte'],
    ];
    for (const [query, parameter] of cases) {
      const response = await ctx.as(company).get(`/v2/data?${query}`);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.match(response.json().message, new RegExp(parameter), query);
    }
  });

  it('returns 1,000 by default, up to 10,000 per page, and more only with stream=true', async () => {
    const { company } = await dataCompany(ctx);
    await seedDemo(ctx.db, await ctx.services.companies.requireBySubdomain(company.subdomain), { interactions: 10_050, responseRate: 0.3 });
    const plain = (await ctx.as(company).get('/v2/data?include_recovery=true')).json();
    assert.equal(plain.length, 1000);
    const max = (await ctx.as(company).get('/v2/data?include_recovery=true&limit=10000')).json();
    assert.equal(max.length, 10_000);
    const streamed = await ctx.as(company).get('/v2/data?include_recovery=true&limit=10050&stream=true');
    assert.equal(streamed.statusCode, 200);
    assert.equal(streamed.json().length, 10_050);
    assert.deepEqual(max, streamed.json().slice(0, 10_000), 'stream and non-stream return the same records');
  });

  it('serves a GET that carries a body', async () => {
    const { company, employee } = await dataCompany(ctx);
    const id = await createRequest(ctx, company, employee);
    for (const [type, payload] of [['application/json', '{"limit": 5}'], ['text/plain', 'hello'], ['application/json', 'not json']]) {
      const response = await ctx.as(company).get('/v2/data', { payload, headers: { 'content-type': type } });
      assert.equal(response.statusCode, 200, `${type}: ${response.body}`);
      assert.deepEqual(response.json().map((r: { uuid: string }) => r.uuid), [id]);
    }
  });
});
