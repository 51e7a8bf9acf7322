import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHAT_FORM, qaCompany, seedExample, shapeDifferences } from './helpers/qa-factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function setup() {
  const team = await qaCompany(ctx);
  const scorecard = (await team.api.post('/v2/qa/scorecards', CHAT_FORM)).json();
  const option = (q: { options: { id: number; text: string }[] }, text: string) => q.options.find((o) => o.text === text)!.id;
  const answer = (answers: Record<number, string>, comment: string | null = null) =>
    scorecard.questions.map((q: any, i: number) => ({ question_id: q.id, option_id: option(q, answers[i] ?? 'Yes'), comment }));
  return { ...team, scorecard, option, answer };
}

async function completedReview(t: Awaited<ReturnType<typeof setup>>) {
  const response = await t.api.post('/v2/qa', {
    scorecard_id: t.scorecard.id,
    employee: { email: t.agent.email },
    reviewer: { email: t.reviewer.email },
    interaction_id: '1',
    interaction_url: 'https://blancapeak.zendesk.com/tickets/1',
    answers: t.answer({}),
    complete: true,
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

describe('QA audits', () => {
  it('audits a completed review and returns it from GET /v2/qa/audits in the seed shape with the review embedded', async () => {
    const t = await setup();
    const review = await completedReview(t);
    const created = await t.api.post('/v2/qa/audits', { qa_review_id: review.uuid, auditor: { custom_id: 'aadmin' }, answers: t.answer({ 1: 'No' }), complete: true });
    assert.equal(created.statusCode, 201, created.body);
    const audits = (await t.api.get('/v2/qa/audits')).json();
    assert.equal(audits.length, 1);
    assert.deepEqual(shapeDifferences(seedExample('qa-audits'), audits, '$', ['created_at', 'started_at', 'groups']), []);
    const audit = audits[0];
    assert.deepEqual(Object.keys(audit).sort(), Object.keys(seedExample('qa-audits')[0]).sort());
    assert.equal(audit.audit_type, 'Audit');
    // Empathy (75): 10 of 15; Compliance (25): 10 of 10 → 75, an integer
    assert.equal(audit.score, 75);
    assert.equal(audit.reviewer.email, t.reviewer.email);
    assert.equal(audit.auditor.email, t.admin.email);
    assert.equal(audit.qa_review.uuid, review.uuid);
    assert.equal(audit.qa_review.score, '100%');
    assert.match(audit.completed_at, / UTC$/);
  });

  it('refuses reviews that are not completed, auditors without the role, and unknown reviews', async () => {
    const t = await setup();
    const draft = (await t.api.post('/v2/qa', { scorecard_id: t.scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email } })).json();
    const notDone = await t.api.post('/v2/qa/audits', { qa_review_id: draft.uuid, auditor: { email: t.admin.email } });
    assert.equal(notDone.statusCode, 422);
    assert.deepEqual(notDone.json().errors, ['qa_review_id names a review that is not completed yet']);
    const review = await completedReview(t);
    const leader = await t.api.post('/v2/qa/audits', { qa_review_id: review.uuid, auditor: { email: t.leader.email } });
    assert.equal(leader.statusCode, 422);
    assert.match(leader.json().errors[0], /auditor has the role "Team Leader", which does not allow auditing/);
    const unknown = await t.api.post('/v2/qa/audits', { qa_review_id: '1c52b4f7-a7ff-4917-a044-ebdfd34d616f', auditor: { email: t.admin.email } });
    assert.equal(unknown.statusCode, 404);
  });

  it('re-stamps audits when their review changes', async () => {
    const t = await setup();
    const review = await completedReview(t);
    const audit = (await t.api.post('/v2/qa/audits', { qa_review_id: review.uuid, auditor: { email: t.admin.email }, answers: t.answer({}), complete: true })).json();
    const edited = await t.api.put(`/v2/qa/${review.uuid}`, { answers: [{ question_id: t.scorecard.questions[0].id, option_id: t.option(t.scorecard.questions[0], 'No') }] });
    assert.equal(edited.statusCode, 200, edited.body);
    const audits = (await t.api.get(`/v2/qa/audits?after=${audit.sequence_id}`)).json();
    assert.equal(audits.length, 1);
    assert.ok(audits[0].sequence_id > edited.json().sequence_id);
    assert.equal(audits[0].qa_review.score, '50%');
  });
});

describe('QA calibrations', () => {
  it('computes alignment per question and overall, in the seed shape', async () => {
    const t = await setup();
    const [q1, q2, q3] = t.scorecard.questions;
    const created = await t.api.post('/v2/qa/calibrations', {
      scorecard_id: t.scorecard.id,
      started_by: { email: t.reviewer.email },
      meeting_date: '2025-01-05T04:00:00Z',
      interaction_id: '1',
      interaction_url: 'https://blancapeak.zendesk.com/1',
      participants: [
        { employee: { email: t.reviewer.email }, answers: t.answer({ 0: 'No', 1: 'No' }, 'Statement could use improvement') },
        { employee: { email: t.leader.email }, answers: t.answer({ 1: 'No' }, 'Really nice job!') },
        { employee: { email: t.admin.email }, answers: t.answer({}) },
        { employee: { custom_id: 'rreviewer' }, answers: t.answer({}) },
      ].slice(0, 3),
      selected_options: [
        { question_id: q1.id, option_id: t.option(q1, 'Yes') },
        { question_id: q2.id, option_id: t.option(q2, 'Yes') },
        { question_id: q3.id, option_id: t.option(q3, 'Yes') },
      ],
      complete: true,
    });
    assert.equal(created.statusCode, 201, created.body);
    const calibrations = (await t.api.get('/v2/qa/calibrations')).json();
    assert.deepEqual(shapeDifferences(seedExample('qa-calibrations'), calibrations), []);
    const calibration = calibrations[0];
    assert.deepEqual(Object.keys(calibration).sort(), Object.keys(seedExample('qa-calibrations')[0]).sort());
    // q1: 2 of 3 chose Yes (67); q2: 1 of 3 (33); q3: 3 of 3 (100) → mean 66.67 → 67
    assert.equal(calibration.questions[String(q1.id)].question_alignment_score, 67);
    assert.equal(calibration.questions[String(q2.id)].question_alignment_score, 33);
    assert.equal(calibration.questions[String(q3.id)].question_alignment_score, 100);
    assert.equal(calibration.alignment_score, 67);
    assert.equal(calibration.meeting_date, '2025-01-05 04:00:00 UTC');
    assert.deepEqual(calibration.questions[String(q1.id)].selected_option, { qa_option_id: String(t.option(q1, 'Yes')), option_text: 'Yes', score: 10 });
    const no = calibration.questions[String(q1.id)].options[String(t.option(q1, 'No'))];
    assert.deepEqual(no.participants, [{ employee: { custom_id: 'rreviewer', email: t.reviewer.email, first_name: 'Rita', last_name: 'Reviewer' }, comment: 'Statement could use improvement' }]);
    assert.equal(calibration.participants.length, 3);
  });

  it('requires every participant to answer every question, and a reference option per question to complete', async () => {
    const t = await setup();
    const [q1] = t.scorecard.questions;
    const response = await t.api.post('/v2/qa/calibrations', {
      scorecard_id: t.scorecard.id,
      started_by: { email: t.reviewer.email },
      participants: [{ employee: { email: t.leader.email }, answers: [{ question_id: q1.id, option_id: t.option(q1, 'Yes') }] }],
      selected_options: [{ question_id: q1.id, option_id: 999999 }],
      complete: true,
    });
    assert.equal(response.statusCode, 422);
    const errors: string[] = response.json().errors;
    assert.ok(errors.some((e) => e.startsWith('participants[0].answers must answer every question')), JSON.stringify(errors));
    assert.ok(errors.includes(`selected_options[0].option_id 999999 is not an option of question ${q1.id}`), JSON.stringify(errors));
    assert.ok(errors.some((e) => e.startsWith('selected_options must give the reference option of every question')), JSON.stringify(errors));
  });
});
