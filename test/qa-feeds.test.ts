import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CHAT_FORM, qaCompany } from './helpers/qa-factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const FEEDS = ['/v2/qa', '/v2/qa/audits', '/v2/qa/calibrations', '/v2/coaching/sessions'];

async function reviewed() {
  const t = await qaCompany(ctx);
  const scorecard = (await t.api.post('/v2/qa/scorecards', CHAT_FORM)).json();
  const create = async () => (await t.api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email } })).json();
  return { ...t, scorecard, create };
}

describe('data-return feeds', () => {
  it('refuses bad parameters with 400 naming each; ignores parameters it does not know', async () => {
    const t = await qaCompany(ctx);
    for (const url of [...FEEDS, '/v2/integrations/x/records']) {
      const response = await t.api.get(`${url}?after=abc&created_at_gte=yesterday&limit=5000&colour=blue`);
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      const { message } = response.json();
      for (const name of ['after', 'created_at_gte', 'limit']) assert.ok(message.includes(name), `${url} should name ${name}: ${message}`);
      assert.ok(!message.includes('colour'), message);
    }
    assert.equal((await t.api.get('/v2/qa/audits?completed_at_gte=2020-01-01T00:00:00Z&completed_at_lte=nope')).json().message, 'completed_at_lte must be an ISO 8601 date-time such as 2019-12-20T00:00:00-05:00');
    assert.equal((await t.api.get('/v2/coaching/sessions?shared_at_lte=2020-01-01T00:00:00-05:00&stream=true')).statusCode, 200);
    assert.equal((await t.api.get('/v2/qa/calibrations?completed_at_gte=2020-01-01')).statusCode, 200);
  });

  it('documents every QA, coaching and metrics route in the OpenAPI document', async () => {
    const paths = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
    for (const path of [...FEEDS, '/v2/qa/scorecards', '/v2/qa/{uuid}', '/v2/integrations/{id}/records', '/v2/coaching/action-items']) assert.ok(paths[path], path);
    assert.deepEqual(paths['/v2/qa/audits'].get.parameters.map((p: any) => p.name).sort(), ['after', 'completed_at_gte', 'completed_at_lte', 'created_at_gte', 'created_at_lte', 'limit']);
    assert.ok(paths['/v2/coaching/sessions'].post.requestBody);
  });

  it('needs the API key and a JWT signed with the company secret', async () => {
    const t = await qaCompany(ctx);
    for (const url of [...FEEDS, '/v2/integrations/x/records']) {
      const noJwt = await ctx.as(t.company, { jwt: false }).get(url);
      assert.equal(noJwt.statusCode, 403, url);
    }
    const post = await ctx.as(t.company, { jwt: false }).post('/v2/qa/scorecards', CHAT_FORM);
    assert.equal(post.statusCode, 403);
  });

  it('filters by created_at and pages with after, in sequence order', async () => {
    const t = await reviewed();
    const a = await t.create();
    const b = await t.create();
    const c = await t.create();
    await ctx.db.kysely.updateTable('qa_reviews').set({ created_at: Date.parse('2019-12-20T10:00:00Z') }).where('uuid', '=', a.uuid).execute();
    const all = (await t.api.get('/v2/qa')).json();
    assert.deepEqual(all.map((r: any) => r.uuid), [a.uuid, b.uuid, c.uuid]);
    const old = (await t.api.get(`/v2/qa?created_at_lte=${encodeURIComponent('2019-12-20T06:00:00-05:00')}`)).json();
    assert.deepEqual(old.map((r: any) => r.uuid), [a.uuid]);
    const recent = (await t.api.get(`/v2/qa?created_at_gte=2020-01-01T00:00:00Z`)).json();
    assert.deepEqual(recent.map((r: any) => r.uuid), [b.uuid, c.uuid]);
    const page1 = (await t.api.get('/v2/qa?limit=2')).json();
    const page2 = (await t.api.get(`/v2/qa?limit=2&after=${page1[1].sequence_id}`)).json();
    assert.deepEqual([...page1, ...page2].map((r: any) => r.uuid), [a.uuid, b.uuid, c.uuid]);
  });

  it('filters coaching sessions by shared_at and calibrations by completed_at', async () => {
    const t = await reviewed();
    const session = (title: string, share: boolean) =>
      t.api.post('/v2/coaching/sessions', { coach: { email: t.leader.email }, employee: { email: t.agent.email }, title, share }).then((r) => r.json());
    const shared = await session('shared', true);
    await session('draft', false);
    const since = encodeURIComponent('2000-01-01T00:00:00+00:00');
    assert.deepEqual((await t.api.get(`/v2/coaching/sessions?shared_at_gte=${since}`)).json().map((s: any) => s.uuid), [shared.uuid]);
    assert.equal((await t.api.get('/v2/coaching/sessions?shared_at_lte=2000-01-01T00:00:00Z')).json().length, 0);
    assert.equal((await t.api.get('/v2/coaching/sessions?created_at_gte=2000-01-01T00:00:00Z')).json().length, 2);
    const calibration = (complete: boolean) =>
      t.api
        .post('/v2/qa/calibrations', {
          scorecard_id: t.scorecard.id,
          started_by: { email: t.reviewer.email },
          participants: [{ employee: { email: t.leader.email }, answers: t.scorecard.questions.map((q: any) => ({ question_id: q.id, option_id: q.options[0].id })) }],
          selected_options: t.scorecard.questions.map((q: any) => ({ question_id: q.id, option_id: q.options[0].id })),
          complete,
        })
        .then((r) => r.json());
    const done = await calibration(true);
    await calibration(false);
    assert.deepEqual((await t.api.get(`/v2/qa/calibrations?completed_at_gte=${since}`)).json().map((c: any) => c.uuid), [done.uuid]);
    assert.equal(done.alignment_score, 100);
  });

  it('returns at most 1,000 records per page', async () => {
    const t = await reviewed();
    const now = Date.now();
    const rows = Array.from({ length: 1005 }, (_, i) => ({
      uuid: randomUUID(),
      company_id: t.company.id,
      sequence_id: now * 10 + i,
      scorecard_id: t.scorecard.id,
      employee_id: t.agent.id,
      reviewer_id: t.reviewer.id,
      ext_interaction_id: String(i),
      interaction_url: null,
      solicitation_uuid: null,
      count_toward_score: 1,
      score: null,
      autofailed: 0,
      answers: '[]',
      groups: '[]',
      created_at: now,
      started_at: now,
      completed_at: null,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) await ctx.db.kysely.insertInto('qa_reviews').values(rows.slice(i, i + 200)).execute();
    const first = (await t.api.get('/v2/qa')).json();
    assert.equal(first.length, 1000);
    const rest = (await t.api.get(`/v2/qa?after=${first[999].sequence_id}`)).json();
    assert.equal(rest.length, 5);
    assert.equal(rest[4].interaction_id, '1004');
  });

  it('keeps tenants apart', async () => {
    const a = await reviewed();
    const review = await a.create();
    const b = await qaCompany(ctx);
    for (const url of FEEDS) assert.deepEqual((await b.api.get(url)).json(), [], url);
    assert.equal((await b.api.put(`/v2/qa/${review.uuid}`, { count_toward_score: false })).statusCode, 404);
    const foreignCard = await b.api.post('/v2/qa', { scorecard_id: a.scorecard.id, employee: { email: b.agent.email }, reviewer: { email: b.reviewer.email } });
    assert.equal(foreignCard.statusCode, 404);
    const foreignPeople = await b.api.post('/v2/qa/scorecards', CHAT_FORM).then((r) => r.json()).then((card) =>
      b.api.post('/v2/qa', { scorecard_id: card.id, employee: { email: a.agent.email }, reviewer: { email: b.reviewer.email } }),
    );
    assert.equal(foreignPeople.statusCode, 404);
    // A's key with a token signed by B's secret is refused.
    const mixed = ctx.as({ ...a.company, api_secret: b.company.api_secret });
    assert.equal((await mixed.get('/v2/qa')).statusCode, 403);
  });

  it('re-stamps reviews when their scorecard is archived', async () => {
    const t = await reviewed();
    const review = await t.create();
    const archived = await t.api.put(`/v2/qa/scorecards/${t.scorecard.id}`, { archived: true });
    assert.equal(archived.statusCode, 200, archived.body);
    const [after] = (await t.api.get(`/v2/qa?after=${review.sequence_id}`)).json();
    assert.equal(after.uuid, review.uuid);
    assert.match(after.scorecard.archived_at, / UTC$/);
    const refused = await t.api.post('/v2/qa', { scorecard_id: t.scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email } });
    assert.equal(refused.statusCode, 422);
    const [listed] = (await t.api.get('/v2/qa/scorecards')).json();
    assert.equal(listed.id, t.scorecard.id);
    assert.match(listed.archived_at, / UTC$/);
    assert.deepEqual(listed.questions[2].options.map((o: any) => [o.text, o.points, o.na, o.autofail]), [['Yes', 10, false, false], ['No', 0, false, false], ['Shared data unverified', 0, false, true]]);
  });
});

describe('authoring validation', () => {
  it('reports schema and semantic problems as 422 and unknown references as 404', async () => {
    const t = await reviewed();
    const schema = await t.api.post('/v2/qa', { scorecard_id: 'one', employee: {}, reviewer: { email: t.reviewer.email }, extra: 1 });
    assert.equal(schema.statusCode, 422);
    for (const message of ['scorecard_id must be an integer', 'extra is not allowed']) assert.ok(schema.json().errors.includes(message), schema.body);
    const noEmployee = await t.api.post('/v2/qa', { scorecard_id: t.scorecard.id, employee: {}, reviewer: { email: t.reviewer.email } });
    assert.deepEqual(noEmployee.json().errors, ['employee.email or employee.custom_id is required']);
    const agentReviewer = await t.api.post('/v2/qa', { scorecard_id: t.scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.agent2.email } });
    assert.equal(agentReviewer.statusCode, 422);
    assert.deepEqual(agentReviewer.json().errors, ['reviewer has the role "Team Member [Default]", which does not allow reviewing']);
    const incomplete = await t.api.post('/v2/qa', {
      scorecard_id: t.scorecard.id,
      employee: { email: t.agent.email },
      reviewer: { email: t.reviewer.email },
      interaction_url: 'not a url',
      answers: [{ question_id: t.scorecard.questions[0].id, option_id: t.scorecard.questions[1].options[0].id }, { question_id: 424242, option_id: null }],
      complete: true,
    });
    assert.equal(incomplete.statusCode, 422);
    const errors: string[] = incomplete.json().errors;
    assert.ok(errors.includes('interaction_url must be an http or https URL'), JSON.stringify(errors));
    assert.ok(errors.includes(`answers[0].option_id ${t.scorecard.questions[1].options[0].id} is not an option of question ${t.scorecard.questions[0].id}`), JSON.stringify(errors));
    assert.ok(errors.includes(`answers[1].question_id 424242 is not a question of scorecard ${t.scorecard.id}`), JSON.stringify(errors));
    assert.equal((await t.api.put(`/v2/qa/${randomUUID()}`, {})).statusCode, 404);
    const weights = await t.api.post('/v2/qa/scorecards', { name: 'Bad', sections: [{ name: 'A', weight: 10, questions: [{ text: 'q', options: [{ text: 'N/A', na: true }] }] }, { name: 'B', questions: [{ text: 'q', options: [{ text: 'y', points: 1 }] }] }] });
    assert.equal(weights.statusCode, 422);
    assert.deepEqual(weights.json().errors, ['sections must all have a weight or none may', 'sections[0].questions[0].options must include an option that is neither na nor autofail']);
  });
});
