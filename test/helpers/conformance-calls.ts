import assert from 'node:assert/strict';
import { CHAT_FORM } from './qa-factories.ts';
import type { TestClient } from './test-client.ts';

interface Team {
  agent: { email: string };
  leader: { email: string };
  reviewer: { email: string };
  admin: { email: string };
}

/** Success and error answers of every QA route; returns a completed review for coaching. */
export async function exerciseQa(qa: TestClient, team: Team) {
  const expect = (response: { statusCode: number; body: string }, status: number) => assert.equal(response.statusCode, status, response.body);
  const scorecard = (await qa.post('/v2/qa/scorecards', CHAT_FORM)).json();
  expect(await qa.post('/v2/qa/scorecards', { name: 'Empty', sections: [{ name: 'A', weight: 1, questions: [{ text: 'Q', options: [{ text: 'N/A', na: true }] }] }] }), 422);
  expect(await qa.get('/v2/qa/scorecards'), 200);
  expect(await qa.put(`/v2/qa/scorecards/${scorecard.id}`, { name: 'Chat Form v2' }), 200);
  expect(await qa.put('/v2/qa/scorecards/999999', { archived: true }), 404);
  expect(await qa.put(`/v2/qa/scorecards/${scorecard.id}`, undefined, { payload: '{"name": ' }), 400);

  const answers = scorecard.questions.map((q: { id: number; options: { id: number }[] }) => ({ question_id: q.id, option_id: q.options[0].id, comment: 'Good' }));
  const review = (await qa.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: team.agent.email }, reviewer: { email: team.reviewer.email }, interaction_id: '1', answers, complete: true })).json();
  expect(await qa.post('/v2/qa', { scorecard_id: scorecard.id, employee: { email: 'nobody@example.com' }, reviewer: { email: team.reviewer.email } }), 404);
  expect(await qa.post('/v2/qa', { scorecard_id: 'one' }), 422);
  expect(await qa.put(`/v2/qa/${review.uuid}`, { count_toward_score: true }), 200);
  expect(await qa.put('/v2/qa/1c52b4f7-a7ff-4917-a044-ebdfd34d616f', { count_toward_score: true }), 404);
  expect(await qa.post('/v2/qa', undefined, { payload: 'x'.repeat(1024 * 1024 + 10) }), 413);
  expect(await qa.post('/v2/qa', undefined, { payload: 'scorecard_id=1', headers: { 'content-type': 'text/plain' } }), 415);

  const audit = (await qa.post('/v2/qa/audits', { qa_review_id: review.uuid, auditor: { email: team.admin.email }, answers, complete: true })).json();
  expect(await qa.post('/v2/qa/audits', { qa_review_id: '1c52b4f7-a7ff-4917-a044-ebdfd34d616f', auditor: { email: team.admin.email } }), 404);
  expect(await qa.put(`/v2/qa/audits/${audit.uuid}`, { count_toward_score: false }), 200);
  expect(await qa.put('/v2/qa/audits/1c52b4f7-a7ff-4917-a044-ebdfd34d616f', { count_toward_score: false }), 404);

  const references = answers.map((a: { question_id: number; option_id: number }) => ({ question_id: a.question_id, option_id: a.option_id }));
  const calibration = (
    await qa.post('/v2/qa/calibrations', {
      scorecard_id: scorecard.id,
      started_by: { email: team.reviewer.email },
      meeting_date: '2025-01-05T04:00:00Z',
      participants: [{ employee: { email: team.leader.email }, answers }],
      selected_options: references,
      complete: true,
    })
  ).json();
  expect(await qa.post('/v2/qa/calibrations', { scorecard_id: scorecard.id, started_by: { email: team.agent.email } }), 422);
  expect(await qa.put(`/v2/qa/calibrations/${calibration.uuid}`, { notes: 'Aligned' }), 200);
  expect(await qa.put('/v2/qa/calibrations/1c52b4f7-a7ff-4917-a044-ebdfd34d616f', { notes: 'x' }), 404);

  for (const feed of ['/v2/qa', '/v2/qa/audits', '/v2/qa/calibrations']) {
    const page = await qa.get(`${feed}?after=0`);
    expect(page, 200);
    assert.ok(page.json().length > 0, feed);
    expect(await qa.get(`${feed}?created_at_gte=yesterday`), 400);
  }
  return review as { uuid: string };
}

const INTEGRATION = { id: 'wfm', name: 'WFM', metric_fields: ['tickets_closed'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' };

/** Success and error answers of the coaching and external-metric routes. */
export async function exerciseCoachingAndMetrics(api: TestClient, team: Team, review: { uuid: string }, requestId: string) {
  const expect = (response: { statusCode: number; body: string }, status: number) => assert.equal(response.statusCode, status, response.body);
  expect(await api.post('/v2/integrations', INTEGRATION), 201);
  expect(await api.post('/v2/integrations', { ...INTEGRATION, employee_id_type: 'phone' }), 422);
  expect(await api.get('/v2/integrations'), 200);
  expect(await api.post('/v2/integrations/wfm/records', { record: { tickets_closed: '13', record_date: '2025-10-22', employee_id: team.agent.email } }), 201);
  expect(await api.post('/v2/integrations/nope/records', { record: { tickets_closed: 1 } }), 404);
  expect(await api.get('/v2/integrations/wfm/records?after=0'), 200);
  expect(await api.get('/v2/integrations/nope/records'), 404);

  const session = await api.post('/v2/coaching/sessions', {
    coach: { email: team.leader.email },
    employee: { email: team.agent.email },
    title: 'Weekly 1:1',
    action_items: [{ text: 'Empathy module', category: 'Empathy', due_date: '2025-10-31T06:00:00Z' }],
    kudos: [{ text: 'Great week!' }],
    metric_attachments: [{ integration_id: 'wfm', metric: 'tickets_closed', start_date: '2025-10-21T00:00:00Z', end_date: '2025-10-28T00:00:00Z' }],
    feedback_attachments: [{ uuid: requestId }],
    qa_review_attachments: [{ uuid: review.uuid, notes: 'see Q2' }],
    share: true,
  });
  expect(session, 201);
  expect(await api.post('/v2/coaching/sessions', { coach: { email: team.agent.email }, employee: { email: team.agent.email }, title: 'Self' }), 422);
  const items = await api.get(`/v2/coaching/action-items?employee_email=${encodeURIComponent(team.agent.email)}&status=open`);
  expect(items, 200);
  expect(await api.get('/v2/coaching/action-items?employee_email=nobody%40example.com'), 404);
  expect(await api.put(`/v2/coaching/sessions/${session.json().uuid}`, { complete_action_items: [items.json()[0].uuid], share: true }), 200);
  expect(await api.put('/v2/coaching/sessions/1c52b4f7-a7ff-4917-a044-ebdfd34d616f', { title: 'x' }), 404);
  expect(await api.get('/v2/coaching/sessions?after=0'), 200);
  expect(await api.get('/v2/coaching/sessions?limit=0'), 400);
}
