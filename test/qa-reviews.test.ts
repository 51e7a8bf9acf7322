import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHAT_FORM, qaCompany, seedExample, shapeDifferences } from './helpers/qa-factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { seedRequestBody } from './helpers/factories.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const REVIEW_EXTRAS = ['created_at', 'started_at', 'groups'];

async function setup() {
  const team = await qaCompany(ctx);
  const created = await team.api.post('/v2/qa/scorecards', CHAT_FORM);
  assert.equal(created.statusCode, 201, created.body);
  const scorecard = created.json();
  const [q1, q2, q3] = scorecard.questions;
  const option = (q: { options: { id: number; text: string }[] }, text: string) => q.options.find((o) => o.text === text)!.id;
  return { ...team, scorecard, q1, q2, q3, option };
}

type Setup = Awaited<ReturnType<typeof setup>>;

function reviewBody(t: Setup, answers: [any, string, string?][], extra: Record<string, unknown> = {}) {
  return {
    scorecard_id: t.scorecard.id,
    employee: { email: t.agent.email },
    reviewer: { custom_id: t.reviewer.custom_id },
    interaction_id: '1',
    interaction_url: 'https://blancapeak.zendesk.com/tickets/1',
    answers: answers.map(([q, text, comment]) => ({ question_id: q.id, option_id: t.option(q, text), comment: comment ?? null })),
    complete: true,
    ...extra,
  };
}

describe('QA reviews', () => {
  it('creates a review and returns it from GET /v2/qa in the seed example shape', async () => {
    const t = await setup();
    const created = await t.api.post('/v2/qa', reviewBody(t, [[t.q1, 'Yes', 'Harry really connected with the customer!'], [t.q2, 'No'], [t.q3, 'Yes']]));
    assert.equal(created.statusCode, 201, created.body);
    const list = await t.api.get('/v2/qa');
    assert.equal(list.statusCode, 200, list.body);
    const reviews = list.json();
    assert.equal(reviews.length, 1);
    const review = reviews[0];
    assert.deepEqual(shapeDifferences(seedExample('qa-reviews'), reviews, '$', REVIEW_EXTRAS), []);
    assert.deepEqual(review, created.json());
    assert.match(review.uuid, /^[0-9a-f-]{36}$/);
    assert.match(review.completed_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    assert.equal(review.interaction_id, '1');
    assert.equal(review.count_toward_score, true);
    // Empathy (75): 10 of 15 points; Compliance (25): 10 of 10 → 0.75 * 2/3 + 0.25 = 75%
    assert.equal(review.score, '75%');
    assert.equal(review.autofailed, false);
    assert.deepEqual(review.scorecard, { name: 'Chat Form', archived_at: null });
    assert.deepEqual(review.employee, {
      custom_id: 'hjackson',
      email: t.agent.email,
      first_name: 'Harry',
      last_name: 'Jackson',
      team_leader: { custom_id: 'jsmith', email: t.leader.email, first_name: 'John', last_name: 'Smith' },
    });
    assert.deepEqual(review.reviewer, { custom_id: 'rreviewer', email: t.reviewer.email, first_name: 'Rita', last_name: 'Reviewer' });
    assert.deepEqual(review.groups, []);
    assert.deepEqual(review.questions[String(t.q1.id)], {
      question_text: 'Did the agent make an empathy statement?',
      section: 'Empathy',
      section_weight: 75,
      comment: 'Harry really connected with the customer!',
      selected_options: { [String(t.option(t.q1, 'Yes'))]: { option_text: 'Yes', score: 10 } },
    });
    assert.equal(typeof review.sequence_id, 'number');
  });

  it('leaves N/A answers out of the score and fails the review on an autofail option', async () => {
    const t = await setup();
    const na = await t.api.post('/v2/qa', reviewBody(t, [[t.q1, 'N/A'], [t.q2, 'No'], [t.q3, 'Yes']]));
    // Empathy: 0 of 5 (q1 left out); Compliance 10 of 10 → 0.75 * 0 + 0.25 * 1 = 25%
    assert.equal(na.json().score, '25%');
    const failed = await t.api.post('/v2/qa', reviewBody(t, [[t.q1, 'Yes'], [t.q2, 'Yes'], [t.q3, 'Shared data unverified']]));
    assert.equal(failed.json().score, '0%');
    assert.equal(failed.json().autofailed, true);
  });

  it('takes a new sequence_id on every edit and re-scores', async () => {
    const t = await setup();
    const created = (await t.api.post('/v2/qa', reviewBody(t, [[t.q1, 'No'], [t.q2, 'No'], [t.q3, 'No']]))).json();
    assert.equal(created.score, '0%');
    const other = (await t.api.post('/v2/qa', reviewBody(t, [[t.q1, 'Yes'], [t.q2, 'Yes'], [t.q3, 'Yes']]))).json();
    const edited = await t.api.put(`/v2/qa/${created.uuid}`, { answers: [{ question_id: t.q1.id, option_id: t.option(t.q1, 'Yes'), comment: 'better' }] });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.ok(edited.json().sequence_id > other.sequence_id);
    assert.equal(edited.json().score, '50%');
    const page = (await t.api.get(`/v2/qa?after=${other.sequence_id}`)).json();
    assert.deepEqual(page.map((r: any) => r.uuid), [created.uuid]);
    assert.equal(page[0].questions[String(t.q1.id)].comment, 'better');
  });

  it('links a solicitation and defaults the interaction from it', async () => {
    const t = await setup();
    const request = await t.api.post('/v1/requests', seedRequestBody({ email: t.agent.email, custom_id: null }, { brand: undefined }));
    assert.equal(request.statusCode, 200, request.body);
    const { request_id } = request.json();
    const body = reviewBody(t, [[t.q1, 'Yes'], [t.q2, 'Yes'], [t.q3, 'Yes']], { solicitation_id: request_id, interaction_id: undefined, interaction_url: undefined });
    const created = await t.api.post('/v2/qa', JSON.parse(JSON.stringify(body)));
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().solicitation_id, request_id);
    assert.equal(created.json().interaction_id, '49288523');
    assert.equal(created.json().interaction_url, 'https://blancapeak.your-source-system.com/cases/49288523');
  });

  it('snapshots the employee’s groups at creation, and honours the company’s own roles', async () => {
    const t = await setup();
    const group = await ctx.services.roles.addGroup(t.company.id, 'New Hires');
    await ctx.db.kysely.insertInto('employee_groups').values({ company_id: t.company.id, employee_id: t.agent.id, group_id: group.id, kind: 'member' }).execute();
    const created = (await t.api.post('/v2/qa', reviewBody(t, [[t.q1, 'Yes'], [t.q2, 'Yes'], [t.q3, 'Yes']]))).json();
    assert.deepEqual(created.groups, ['New Hires']);
    await ctx.db.kysely.deleteFrom('employee_groups').where('employee_id', '=', t.agent.id).execute();
    const edited = (await t.api.put(`/v2/qa/${created.uuid}`, { count_toward_score: false })).json();
    assert.deepEqual(edited.groups, ['New Hires']);
    assert.equal(edited.count_toward_score, false);

    await ctx.services.roles.addRole(t.company.id, 'Senior Agent', ['can_review']);
    await ctx.db.kysely.updateTable('employees').set({ role: 'Senior Agent' }).where('id', '=', t.agent2.id).execute();
    const bySenior = await t.api.post('/v2/qa', reviewBody(t, [[t.q1, 'Yes'], [t.q2, 'Yes'], [t.q3, 'Yes']], { reviewer: { email: t.agent2.email } }));
    assert.equal(bySenior.statusCode, 201, bySenior.body);
    const auditBySenior = await t.api.post('/v2/qa/audits', { qa_review_id: created.uuid, auditor: { email: t.agent2.email } });
    assert.equal(auditBySenior.statusCode, 422);
  });
});
