import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QUESTIONS } from '../src/modules/survey/question-catalog.ts';
import { createRecovery, createRequest, dataCompany, respond, type GivenAnswer } from './helpers/data-return.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const answer = (key: keyof typeof QUESTIONS, options: GivenAnswer['options'], comment: string | null = null): GivenAnswer => ({
  key, questionId: QUESTIONS[key].question_id, questionText: QUESTIONS[key].question_text, options, comment,
});

describe('GET /v1/data/requests', () => {
  it('wraps request records in {"requests": [...]} with the v1 fields', async () => {
    const { company, employee } = await dataCompany(ctx);
    const id = await createRequest(ctx, company, employee, { brand: 'blancakids', tags: ['returns'] });
    await createRecovery(ctx, company, id);
    const response = await ctx.as(company).get('/v1/data/requests');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(Object.keys(body), ['requests']);
    assert.equal(body.requests.length, 1, 'v1 returns feedback requests only, no recoveries');
    const [record] = body.requests;
    const stored = await ctx.db.kysely.selectFrom('interactions').selectAll().where('uuid', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(record, {
      request_id: id,
      sequence_id: stored.sequence_id,
      ext_interaction_id: '49288523',
      external_url: 'https://blancapeak.your-source-system.com/cases/49288523',
      channel: 'chat',
      brand: 'blancakids',
      employee: { email: employee.email, custom_id: '1471332' },
      customer: { email: 'simone@example.com', name: 'Simone', custom_id: 'simone123' },
      tags: ['returns'],
      created_at: new Date(stored.created_at).toISOString(),
      sent_at: null,
      delivery_status: 'Do Not Send',
    });
  });

  it('filters on start_date/end_date (created) and pages with after/limit', async () => {
    const { company, employee } = await dataCompany(ctx);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await createRequest(ctx, company, employee, { ext_interaction_id: `r${i}` }));
    const times = ['2021-03-01T10:00:00Z', '2021-03-02T10:00:00Z', '2021-03-03T10:00:00Z', '2021-03-04T10:00:00Z'].map(Date.parse);
    for (const [i, id] of ids.entries()) {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('interactions').select('id').where('uuid', '=', id).executeTakeFirstOrThrow();
        await ctx.services.interactions.touch(trx, company.id, Number(row.id), { created_at: times[i] });
      });
    }
    const list = async (query: string) => (await ctx.as(company).get(`/v1/data/requests?${query}`)).json().requests.map((r: { ext_interaction_id: string }) => r.ext_interaction_id);
    assert.deepEqual(await list(`start_date=${encodeURIComponent('2021-03-02T06:00:00-05:00')}`), ['r2', 'r3']);
    assert.deepEqual(await list('end_date=2021-03-02T10:00:00Z'), ['r0', 'r1']);
    assert.deepEqual(await list('start_date=2021-03-02&end_date=2021-03-03T23:59:59Z'), ['r1', 'r2']);
    const first = (await ctx.as(company).get('/v1/data/requests?limit=2')).json().requests;
    assert.equal(first.length, 2);
    const rest = (await ctx.as(company).get(`/v1/data/requests?after=${first[1].sequence_id}`)).json().requests;
    assert.deepEqual([...first, ...rest].map((r: { ext_interaction_id: string }) => r.ext_interaction_id), ['r0', 'r1', 'r2', 'r3']);
    for (const query of ['start_date=soon', 'end_date=2021-02-30', 'after=x', 'limit=0', 'limit=10001']) {
      const response = await ctx.as(company).get(`/v1/data/requests?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.match(response.json().message, new RegExp(query.split('=')[0]));
    }
  });
});

describe('GET /v1/data/responses', () => {
  it('wraps responses in {"responses": [...]}: only answered interactions, filtered on the response time', async () => {
    const { company, employee } = await dataCompany(ctx);
    const unanswered = await createRequest(ctx, company, employee, { ext_interaction_id: 'none' });
    const happy = await createRequest(ctx, company, employee, { ext_interaction_id: 'happy' });
    const unhappy = await createRequest(ctx, company, employee, { ext_interaction_id: 'unhappy' });
    await respond(ctx, company.id, happy, [
      answer('agent_star_rating', [{ option_id: 1075, option_text: '5', integer_value: 5 }], 'Lovely'),
      answer('areas_of_excellence', [{ option_id: 1121, option_text: 'Friendly', integer_value: null }, { option_id: 1127, option_text: 'Helpful', integer_value: null }]),
      answer('nps', [{ option_id: 1145, option_text: '10', integer_value: 10 }]),
      answer('fcr', [{ option_id: 1180, option_text: 'Yes', integer_value: null }]),
    ], Date.parse('2021-05-01T12:00:00Z'));
    await respond(ctx, company.id, unhappy, [
      answer('agent_star_rating', [{ option_id: 1072, option_text: '2', integer_value: 2 }]),
      answer('areas_of_improvement', [{ option_id: 1152, option_text: 'Speed', integer_value: null }]),
      answer('fcr', [{ option_id: 1181, option_text: 'No', integer_value: null }]),
    ], Date.parse('2021-05-02T12:00:00Z'));
    void unanswered;

    const body = (await ctx.as(company).get('/v1/data/responses')).json();
    assert.deepEqual(Object.keys(body), ['responses']);
    assert.equal(body.responses.length, 2);
    const stored = await ctx.db.kysely.selectFrom('interactions').select(['uuid', 'sequence_id']).where('uuid', '=', happy).executeTakeFirstOrThrow();
    assert.deepEqual(body.responses[0], {
      request_id: happy,
      sequence_id: stored.sequence_id,
      ext_interaction_id: 'happy',
      employee: { email: employee.email, custom_id: '1471332' },
      customer: { email: 'simone@example.com' },
      star_rating: 5,
      nps: 10,
      fcr: true,
      areas_of_excellence: ['Friendly', 'Helpful'],
      areas_of_improvement: [],
      comment: 'Lovely',
      responded_at: '2021-05-01T12:00:00.000Z',
    });
    assert.equal(body.responses[1].request_id, unhappy);
    assert.equal(body.responses[1].star_rating, 2);
    assert.equal(body.responses[1].nps, null);
    assert.equal(body.responses[1].fcr, false);
    assert.deepEqual(body.responses[1].areas_of_improvement, ['Speed']);
    assert.equal(body.responses[1].comment, null);

    const filtered = (await ctx.as(company).get(`/v1/data/responses?start_date=${encodeURIComponent('2021-05-02T00:00:00+02:00')}`)).json().responses;
    assert.deepEqual(filtered.map((r: { request_id: string }) => r.request_id), [unhappy]);
    const until = (await ctx.as(company).get('/v1/data/responses?end_date=2021-05-01T12:00:00Z')).json().responses;
    assert.deepEqual(until.map((r: { request_id: string }) => r.request_id), [happy]);
    const paged = (await ctx.as(company).get(`/v1/data/responses?after=${stored.sequence_id}&limit=5`)).json().responses;
    assert.deepEqual(paged.map((r: { request_id: string }) => r.request_id), [unhappy]);
  });
});
