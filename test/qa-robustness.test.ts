import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CHAT_FORM, qaCompany } from './helpers/qa-factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

describe('robustness', () => {
  it('answers any body sent to the authoring routes with a 4xx or success, never a 5xx', async () => {
    const t = await qaCompany(ctx);
    const scorecard = (await t.api.post('/v2/qa/scorecards', CHAT_FORM)).json();
    await t.api.post('/v2/integrations', { id: 'wfm', name: 'WFM', metric_fields: ['n'], employee_field: 'e', employee_id_type: 'email', date_field: 'd' });
    const review = (await t.api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email } })).json();
    const routes: ['POST' | 'PUT', string][] = [
      ['POST', '/v2/qa/scorecards'],
      ['POST', '/v2/qa'],
      ['PUT', `/v2/qa/${review.uuid}`],
      ['POST', '/v2/qa/audits'],
      ['POST', '/v2/qa/calibrations'],
      ['POST', '/v2/coaching/sessions'],
      ['POST', '/v2/integrations'],
      ['POST', '/v2/integrations/wfm/records'],
    ];
    const ref = fc.record({ email: fc.oneof(fc.constant(t.agent.email), fc.constant(t.reviewer.email), fc.string()), custom_id: fc.oneof(fc.string(), fc.constant(null)) }, { requiredKeys: [] });
    const id = fc.oneof(fc.constant(scorecard.id), fc.integer(), fc.double(), fc.constant(1e30), fc.string());
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        {
          scorecard_id: id,
          employee: ref,
          reviewer: ref,
          auditor: ref,
          coach: ref,
          started_by: ref,
          title: fc.string(),
          qa_review_id: fc.oneof(fc.constant(review.uuid), fc.uuid(), fc.string()),
          answers: fc.array(fc.record({ question_id: id, option_id: fc.oneof(id, fc.constant(null)), comment: fc.string() })),
          record: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double(), fc.constant('1'.repeat(400)), fc.constant(t.agent.email), fc.constant('2021-06-29'))),
          metric_attachments: fc.array(fc.record({ score: fc.double(), start_date: fc.string(), end_date: fc.string() })),
          complete: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, url], payload) => {
        const response = await (method === 'POST' ? t.api.post(url, payload) : t.api.put(url, payload));
        assert.ok(response.statusCode < 500, `${method} ${url} ${JSON.stringify(payload)} → ${response.statusCode} ${response.body}`);
      }),
      { numRuns: 150 },
    );
  });

  it('answers a deeply nested body with 400 naming the problem (found by the fuzz suite: it overflowed the stack)', async () => {
    const t = await qaCompany(ctx);
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const response = await t.api.post('/v2/qa', JSON.parse(`{"answers":[${deep(40)}]}`));
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.json().message, 'body is nested more than 32 levels deep');
    const deeper = await t.api.post('/v2/qa/scorecards', undefined, { payload: `{"sections":[${deep(5_000)}]}` });
    assert.equal(deeper.statusCode, 400, deeper.body);
    assert.equal(deeper.json().message, 'body is nested more than 32 levels deep');
  });

  it('gives concurrent edits distinct, increasing sequence ids that paging does not skip', async () => {
    const t = await qaCompany(ctx);
    const scorecard = (await t.api.post('/v2/qa/scorecards', CHAT_FORM)).json();
    const reviews = await Promise.all(
      Array.from({ length: 6 }, () => t.api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email } }).then((r) => r.json())),
    );
    const start = Math.max(...reviews.map((r) => r.sequence_id));
    const edits = await Promise.all(
      reviews.flatMap((r) => [true, false].map((count) => t.api.put(`/v2/qa/${r.uuid}`, { count_toward_score: count }).then((res) => res.json()))),
    );
    const sequenceIds = edits.map((e) => e.sequence_id);
    assert.equal(new Set(sequenceIds).size, sequenceIds.length);
    assert.ok(sequenceIds.every((s) => s > start));
    const page = (await t.api.get(`/v2/qa?after=${start}`)).json();
    assert.deepEqual(page.map((r: any) => r.uuid).sort(), reviews.map((r) => r.uuid).sort());
    const ordered = page.map((r: any) => r.sequence_id);
    assert.deepEqual(ordered, [...ordered].sort((a: number, b: number) => a - b));
  });

  it('loses no concurrent additions to a coaching session or a review', async () => {
    const t = await qaCompany(ctx);
    const session = (await t.api.post('/v2/coaching/sessions', { coach: { email: t.leader.email }, employee: { email: t.agent.email }, title: '1:1' })).json();
    await Promise.all(Array.from({ length: 8 }, (_, i) => t.api.put(`/v2/coaching/sessions/${session.uuid}`, { kudos: [{ text: `kudos ${i}` }] })));
    const [stored] = (await t.api.get('/v2/coaching/sessions')).json();
    assert.deepEqual(stored.kudos.map((k: any) => k.text).sort(), Array.from({ length: 8 }, (_, i) => `kudos ${i}`));
    const scorecard = (await t.api.post('/v2/qa/scorecards', CHAT_FORM)).json();
    const review = (await t.api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email } })).json();
    await Promise.all(scorecard.questions.map((q: any) => t.api.put(`/v2/qa/${review.uuid}`, { answers: [{ question_id: q.id, option_id: q.options[0].id }] })));
    const [edited] = (await t.api.get('/v2/qa')).json();
    assert.equal(edited.score, '100%');
    assert.ok(Object.values(edited.questions).every((q: any) => Object.keys(q.selected_options).length === 1));
  });
});
