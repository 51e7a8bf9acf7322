import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHAT_FORM, qaCompany, seedExample, shapeDifferences } from './helpers/qa-factories.ts';
import { seedRequestBody } from './helpers/factories.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const INTEGRATION = { id: 'wfm', name: 'WFM', metric_fields: ['tickets_closed', 'hours_worked'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' };

describe('external metrics', () => {
  it('stores the seed record body, updates it on resend, and lists records by sequence', async () => {
    const t = await qaCompany(ctx);
    assert.equal((await t.api.post('/v2/integrations', INTEGRATION)).statusCode, 201);
    const body = seedExample('integration-record');
    body.record.employee_id = t.agent.email;
    const created = await t.api.post('/v2/integrations/wfm/records', body);
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().record, { tickets_closed: 13, hours_worked: 16, record_date: '2021-06-29', employee_id: t.agent.email });
    assert.equal(created.json().employee.custom_id, 'hjackson');
    const resent = await t.api.post('/v2/integrations/wfm/records', { record: { employee_id: t.agent.email.toUpperCase(), record_date: '2021-06-29', tickets_closed: 20 } });
    assert.equal(resent.statusCode, 201, resent.body);
    assert.deepEqual(resent.json().record, { tickets_closed: 20, hours_worked: 16, record_date: '2021-06-29', employee_id: t.agent.email });
    assert.ok(resent.json().sequence_id > created.json().sequence_id);
    const list = (await t.api.get('/v2/integrations/wfm/records')).json();
    assert.equal(list.length, 1, 'one record per integration, employee and date');
    assert.equal(list[0].sequence_id, resent.json().sequence_id);
  });

  it('names every problem with a record; unknown integrations are 404', async () => {
    const t = await qaCompany(ctx);
    await t.api.post('/v2/integrations', INTEGRATION);
    const bad = await t.api.post('/v2/integrations/wfm/records', { record: { tickets_closed: 'lots', csat: 4, record_date: '06/29/2021', employee_id: 'nobody@example.com' } });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors, [
      'record.tickets_closed must be a number',
      'record.csat is not a mapped field of integration "wfm" (metrics: tickets_closed, hours_worked)',
      'record.record_date must be a date in YYYY-MM-DD format',
      'record.employee_id "nobody@example.com" does not match an employee of this company by email',
    ]);
    const missing = await t.api.post('/v2/integrations/wfm/records', { record: { tickets_closed: 1, record_date: '2021-02-30' } });
    assert.deepEqual(missing.json().errors, ['record.record_date must be a date in YYYY-MM-DD format', "record.employee_id is required (the employee's email)"]);
    const unknown = await t.api.post('/v2/integrations/nope/records', { record: { tickets_closed: 1 } });
    assert.equal(unknown.statusCode, 404);
    const noRecord = await t.api.post('/v2/integrations/wfm/records', { tickets_closed: 1 });
    assert.equal(noRecord.statusCode, 422);
    assert.ok(noRecord.json().errors.includes('record is required'), noRecord.body);
  });
});

describe('1:1 coaching sessions', () => {
  it('creates a session with action items, kudos and attachments, in the seed shape', async () => {
    const t = await qaCompany(ctx);
    await t.api.post('/v2/integrations', INTEGRATION);
    for (const [date, tickets] of [['2025-10-21', 5], ['2025-10-22', 7], ['2025-10-30', 100]] as const) {
      await t.api.post('/v2/integrations/wfm/records', { record: { employee_id: t.agent.email, record_date: date, tickets_closed: tickets } });
    }
    const scorecard = (await t.api.post('/v2/qa/scorecards', CHAT_FORM)).json();
    const review = (await t.api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email }, interaction_id: '1' })).json();
    const request = await t.api.post('/v1/requests', seedRequestBody({ email: t.agent.email, custom_id: null }, { brand: undefined, ext_interaction_id: '113752' }));
    const first = await t.api.post('/v2/coaching/sessions', {
      coach: { email: t.leader.email },
      employee: { custom_id: 'hjackson' },
      title: 'Weekly 1:1 // October 13',
      action_items: [{ text: 'Work on your empathy', category: 'Empathy & Friendliness', due_date: '2025-10-31T06:00:00Z' }],
      share: true,
    });
    assert.equal(first.statusCode, 201, first.body);
    const [item] = (await t.api.get(`/v2/coaching/action-items?employee_email=${encodeURIComponent(t.agent.email)}&status=open`)).json();
    assert.equal(item.text, 'Work on your empathy');
    const second = await t.api.post('/v2/coaching/sessions', {
      coach: { email: t.leader.email },
      employee: { email: t.agent.email },
      title: 'Weekly 1:1 // October 30',
      action_items: [{ text: 'Take a deep breath before each call', category: 'Empathy & Friendliness' }],
      complete_action_items: [item.uuid],
      kudos: [{ text: 'Amazing work improving your QA Score this week!' }],
      metric_attachments: [
        { name: 'Star Rating', score: 4.64, start_date: '2025-10-21T06:00:00Z', end_date: '2025-10-28T06:00:00Z' },
        { integration_id: 'wfm', metric: 'tickets_closed', start_date: '2025-10-21T06:00:00Z', end_date: '2025-10-28T06:00:00Z' },
      ],
      feedback_attachments: [{ uuid: request.json().request_id }],
      qa_review_attachments: [{ uuid: review.uuid, notes: 'see Q2' }],
    });
    assert.equal(second.statusCode, 201, second.body);
    const shared = await t.api.put(`/v2/coaching/sessions/${second.json().uuid}`, { share: true });
    const reshared = await t.api.put(`/v2/coaching/sessions/${second.json().uuid}`, { share: true });
    assert.equal(shared.json().reshared_at, null);
    const archived = await t.api.put(`/v2/coaching/sessions/${first.json().uuid}`, { archived: true, private: true, title: 'Renamed' });
    assert.deepEqual([archived.json().archived, archived.json().private, archived.json().title], [true, true, 'Renamed']);
    assert.notEqual(reshared.json().reshared_at, null);
    const sessions = (await t.api.get('/v2/coaching/sessions')).json();
    assert.deepEqual(shapeDifferences(seedExample('coaching-sessions'), sessions), []);
    const session = sessions.find((s: any) => s.uuid === second.json().uuid);
    assert.deepEqual(Object.keys(session).sort(), Object.keys(seedExample('coaching-sessions')[0]).sort());
    assert.equal(session.created_action_items[0].status, 'open');
    assert.equal(session.completed_action_items[0].text, 'Work on your empathy');
    assert.equal(session.completed_action_items[0].status, 'completed');
    assert.equal(session.completed_action_items[0].due_date, '2025-10-31 06:00:00 UTC');
    assert.equal(session.metric_attachments[1].name, 'tickets_closed');
    assert.equal(session.metric_attachments[1].score, 12);
    assert.equal(session.feedback_attachments[0].interaction_id, '113752');
    assert.deepEqual(session.qa_review_attachments[0].notes, 'see Q2');
    assert.equal(session.employee.team_leader.email, t.leader.email);
    assert.equal(session.private, false);
    // Completing the item changed the first session's payload too: it takes a new sequence id.
    const firstNow = sessions.find((s: any) => s.uuid === first.json().uuid);
    assert.equal(firstNow.created_action_items[0].status, 'completed');
    assert.ok(firstNow.sequence_id > first.json().sequence_id);
    assert.deepEqual((await t.api.get(`/v2/coaching/sessions?after=${first.json().sequence_id}`)).json().map((s: any) => s.uuid).sort(), [first.json().uuid, second.json().uuid].sort());
  });

  it('refuses coaches without the role, unknown employees and other employees’ attachments', async () => {
    const t = await qaCompany(ctx);
    const agentCoach = await t.api.post('/v2/coaching/sessions', { coach: { email: t.agent2.email }, employee: { email: t.agent.email }, title: 'x' });
    assert.equal(agentCoach.statusCode, 422);
    assert.match(agentCoach.json().errors[0], /does not allow coaching/);
    const unknown = await t.api.post('/v2/coaching/sessions', { coach: { email: t.leader.email }, employee: { email: 'ghost@example.com' }, title: 'x' });
    assert.equal(unknown.statusCode, 404);
    const schema = await t.api.post('/v2/coaching/sessions', { coach: { email: t.leader.email }, employee: { email: t.agent.email }, title: '', private: 'yes' });
    assert.equal(schema.statusCode, 422);
    assert.ok(schema.json().errors.includes('private must be a boolean'), schema.body);
    const scorecard = (await t.api.post('/v2/qa/scorecards', CHAT_FORM)).json();
    const review = (await t.api.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: t.agent2.email }, reviewer: { email: t.reviewer.email } })).json();
    const other = await t.api.post('/v2/coaching/sessions', { coach: { email: t.leader.email }, employee: { email: t.agent.email }, title: 'x', qa_review_attachments: [{ uuid: review.uuid }] });
    assert.equal(other.statusCode, 422);
    assert.deepEqual(other.json().errors, ['qa_review_attachments[0].uuid is a review of another employee']);
  });
});
