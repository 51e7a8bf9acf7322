import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AgentConnectClient, NotFoundError, UnprocessableError, type Employee } from 'agent-connect-client';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { CHAT_FORM, qaCompany } from './helpers/qa-factories.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let baseUrl: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
});
after(() => ctx.close());

/** Every public operation of the document and the client method that calls it (named by its operationId). */
const OPERATIONS: [string, string][] = [
  ['GET /healthz', 'getHealth'],
  ['GET /readyz', 'getReadiness'],
  ['POST /v1/requests', 'createFeedbackRequest'],
  ['POST /v1/recoveries', 'createRecovery'],
  ['POST /v1/requests/batch', 'createFeedbackRequestBatch'],
  ['GET /v2/data', 'listInteractions'],
  ['GET /v1/data/requests', 'listFeedbackRequestsV1'],
  ['GET /v1/data/responses', 'listSurveyResponsesV1'],
  ['POST /v2/webhooks', 'createWebhookEndpoint'],
  ['GET /v2/webhooks', 'listWebhookEndpoints'],
  ['PUT /v2/webhooks/{id}', 'updateWebhookEndpoint'],
  ['GET /v2/webhooks/{id}/deliveries', 'listWebhookDeliveries'],
  ['GET /v2/employees', 'listEmployees'],
  ['POST /v2/employees', 'createEmployee'],
  ['GET /v2/employees/{id}', 'getEmployee'],
  ['PUT /v2/employees/{id}', 'updateEmployee'],
  ['POST /v2/employees/invite', 'inviteEmployee'],
  ['PUT /v2/employees/{id}/activate', 'activateEmployee'],
  ['PUT /v2/employees/{id}/deactivate', 'deactivateEmployee'],
  ['GET /v2/qa', 'listQaReviews'],
  ['POST /v2/qa', 'createQaReview'],
  ['PUT /v2/qa/{uuid}', 'updateQaReview'],
  ['GET /v2/qa/audits', 'listQaAudits'],
  ['POST /v2/qa/audits', 'createQaAudit'],
  ['PUT /v2/qa/audits/{uuid}', 'updateQaAudit'],
  ['GET /v2/qa/calibrations', 'listQaCalibrations'],
  ['POST /v2/qa/calibrations', 'createQaCalibration'],
  ['PUT /v2/qa/calibrations/{uuid}', 'updateQaCalibration'],
  ['GET /v2/qa/scorecards', 'listScorecards'],
  ['POST /v2/qa/scorecards', 'createScorecard'],
  ['PUT /v2/qa/scorecards/{id}', 'updateScorecard'],
  ['GET /v2/coaching/sessions', 'listCoachingSessions'],
  ['POST /v2/coaching/sessions', 'createCoachingSession'],
  ['PUT /v2/coaching/sessions/{uuid}', 'updateCoachingSession'],
  ['GET /v2/coaching/action-items', 'listActionItems'],
  ['GET /v2/reports/metrics', 'getMetricsReport'],
  ['GET /v2/integrations', 'listIntegrations'],
  ['POST /v2/integrations', 'createIntegration'],
  ['POST /v2/integrations/{id}/records', 'upsertIntegrationRecord'],
  ['GET /v2/integrations/{id}/records', 'listIntegrationRecords'],
];

describe('agent-connect-client covers the API document', () => {
  it('has a method for every public operation, named by its operationId', () => {
    const doc = ctx.app.swagger() as { paths: Record<string, Record<string, { operationId?: string }>> };
    // The survey and invite pages are browser forms, and /app/api/ is the web app's own API (a session cookie, not an API key).
    const documented = Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/s/') && !path.startsWith('/invite') && !path.startsWith('/app/'))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operationId: operation.operationId })));
    assert.deepEqual(documented.map((o) => o.key).sort(), OPERATIONS.map(([key]) => key).sort());
    const client = new AgentConnectClient({ baseUrl, apiKey: 'unused' }) as unknown as Record<string, unknown>;
    for (const [key, name] of OPERATIONS) {
      assert.equal(typeof client[name], 'function', name);
      const { operationId } = documented.find((o) => o.key === key)!;
      if (operationId !== undefined) assert.equal(operationId, name, key);
    }
  });
});

describe('agent-connect-client operations against the real server', () => {
  it('health and readiness', async () => {
    const client = new AgentConnectClient({ baseUrl, apiKey: 'none' });
    assert.equal((await client.getHealth()).status, 'ok');
    assert.equal((await client.getReadiness()).status, 'ready');
  });

  it('webhook endpoints and their deliveries', async () => {
    const company = await createCompany(ctx.services, { brands: ['solo'] });
    const agent = await createEmployee(ctx.services, company.id);
    const client = new AgentConnectClient({ baseUrl, apiKey: company.api_key, apiSecret: company.api_secret });
    const endpoint = await client.createWebhookEndpoint({ url: 'https://example.com/hooks/agent-connect', events: ['recovery.created'] });
    assert.match(endpoint.secret, /^whsec_/);
    assert.deepEqual((await client.listWebhookEndpoints()).webhooks.map((w) => w.id), [endpoint.id]);
    for (let i = 0; i < 3; i++) {
      const { request_id } = await client.createFeedbackRequest({ customer: { email: `w${i}@example.com` }, employee: { email: agent.email }, channel: 'chat', do_not_send: true });
      await client.createRecovery({ initial_feedback_request_id: request_id, do_not_send: true });
    }
    const { deliveries } = await client.listWebhookDeliveries(endpoint.id);
    assert.deepEqual(deliveries.map((d) => d.event_type), ['recovery.created', 'recovery.created', 'recovery.created']);
    const paged = [];
    for await (const delivery of client.paginate.listWebhookDeliveries(endpoint.id, { limit: 2 })) paged.push(delivery.id);
    assert.deepEqual(paged, deliveries.map((d) => d.id));
    const disabled = await client.updateWebhookEndpoint(endpoint.id, { enabled: false });
    assert.equal(disabled.enabled, false);
    await assert.rejects(client.updateWebhookEndpoint(endpoint.id + 1000, { enabled: true }), NotFoundError);
  });

  it('provisions employees: create, get, update, invite, deactivate, activate, list and page', async () => {
    const company = await createCompany(ctx.services, { brands: ['solo'] });
    const client = new AgentConnectClient({ baseUrl, apiKey: company.api_key, apiSecret: company.api_secret });
    const created = await client.createEmployee({ email: 'ada@example.com', custom_employee_id: 'ada-1', first_name: 'Ada', last_name: 'Lovelace' });
    assert.equal(created.status, 'active');
    assert.equal((await client.getEmployee('ada-1')).email, 'ada@example.com');
    assert.equal((await client.updateEmployee('ada@example.com', { first_name: 'Augusta' })).first_name, 'Augusta');
    const invited = await client.inviteEmployee({ email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper' });
    assert.equal(invited.status, 'pending');
    assert.equal((await client.deactivateEmployee('ada-1')).status, 'deactivated');
    await assert.rejects(client.createFeedbackRequest({ customer: { email: 'c@example.com' }, employee: { email: 'ada@example.com' }, channel: 'chat' }), (error: unknown) => {
      assert.ok(error instanceof Error && 'status' in error && error.status === 400, String(error));
      return true;
    });
    assert.equal((await client.activateEmployee('ada-1')).status, 'active');
    await assert.rejects(client.getEmployee('nobody@example.com'), NotFoundError);
    for (let i = 0; i < 4; i++) await client.createEmployee({ email: `bulk${i}@example.com`, first_name: 'Bulk', last_name: String(i) });
    const page = await client.listEmployees({ number_of_employees: '2' });
    assert.equal(page.employees.length, 2);
    assert.ok(page.meta.next_page, 'a next page');
    const everyone: Employee[] = [];
    for await (const employee of client.paginate.listEmployees({ number_of_employees: '2' })) everyone.push(employee);
    assert.deepEqual(everyone.map((e) => e.email).sort(), ['ada@example.com', 'bulk0@example.com', 'bulk1@example.com', 'bulk2@example.com', 'bulk3@example.com', 'grace@example.com']);
  });

  it('QA: scorecards, reviews, audits and calibrations, listed and paged', async () => {
    const team = await qaCompany(ctx);
    const client = new AgentConnectClient({ baseUrl, apiKey: team.company.api_key, apiSecret: team.company.api_secret });
    const scorecard = await client.createScorecard(CHAT_FORM);
    assert.equal((await client.updateScorecard(scorecard.id, { name: 'Chat Form v2' })).name, 'Chat Form v2');
    assert.deepEqual((await client.listScorecards()).map((s) => s.name), ['Chat Form v2']);
    const answers = scorecard.questions.map((q) => ({ question_id: q.id, option_id: q.options[0].id }));
    const reviews = [];
    for (const interaction_id of ['1', '2', '3']) {
      reviews.push(await client.createQaReview({ scorecard_id: scorecard.id, employee: { email: team.agent.email }, reviewer: { email: team.reviewer.email }, interaction_id, answers, complete: true }));
    }
    const updated = await client.updateQaReview(reviews[0].uuid, { count_toward_score: false });
    assert.equal(updated.count_toward_score, false);
    const paged = [];
    for await (const review of client.paginate.listQaReviews({ limit: 2 })) paged.push(review.uuid);
    assert.deepEqual(paged, [reviews[1].uuid, reviews[2].uuid, reviews[0].uuid], 'the updated review comes last, with its new sequence_id');
    const page = await client.listQaReviews({ after: updated.sequence_id - 1 });
    assert.deepEqual(page.map((r) => r.uuid), [reviews[0].uuid]);

    const audit = await client.createQaAudit({ qa_review_id: reviews[1].uuid, auditor: { email: team.admin.email }, answers, complete: true });
    assert.equal((await client.updateQaAudit(audit.uuid, { count_toward_score: false })).count_toward_score, false);
    assert.deepEqual((await client.listQaAudits()).map((a) => a.uuid), [audit.uuid]);

    const calibration = await client.createQaCalibration({
      scorecard_id: scorecard.id,
      started_by: { email: team.reviewer.email },
      meeting_date: '2025-01-05T04:00:00Z',
      participants: [{ employee: { email: team.leader.email }, answers }],
      selected_options: answers,
      complete: true,
    });
    assert.equal((await client.updateQaCalibration(calibration.uuid, { notes: 'Aligned' })).notes, 'Aligned');
    const calibrations = [];
    for await (const c of client.paginate.listQaCalibrations()) calibrations.push(c.uuid);
    assert.deepEqual(calibrations, [calibration.uuid]);
    await assert.rejects(client.createQaCalibration({ scorecard_id: scorecard.id, started_by: { email: team.agent.email } }), UnprocessableError);
  });

  it('coaching sessions, action items, integrations and their records', async () => {
    const team = await qaCompany(ctx);
    const client = new AgentConnectClient({ baseUrl, apiKey: team.company.api_key, apiSecret: team.company.api_secret });
    const integration = await client.createIntegration({ id: 'wfm', name: 'WFM', metric_fields: ['tickets_closed'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' });
    assert.deepEqual((await client.listIntegrations()).map((i) => i.id), [integration.id]);
    const days = ['2025-10-20', '2025-10-21', '2025-10-22'];
    for (const [i, day] of days.entries()) await client.upsertIntegrationRecord('wfm', { record: { tickets_closed: 10 + i, record_date: day, employee_id: team.agent.email } });
    const replaced = await client.upsertIntegrationRecord('wfm', { record: { tickets_closed: 99, record_date: days[0], employee_id: team.agent.email } });
    const records = [];
    for await (const record of client.paginate.listIntegrationRecords('wfm', { limit: 2 })) records.push(record);
    assert.deepEqual(records.map((r) => Number(r.record.tickets_closed)), [11, 12, 99]);
    assert.equal(records.at(-1)!.sequence_id, replaced.sequence_id);
    assert.equal((await client.listIntegrationRecords('wfm', { after: records[1].sequence_id })).length, 1);
    await assert.rejects(client.listIntegrationRecords('nope'), NotFoundError);

    const session = await client.createCoachingSession({
      coach: { email: team.leader.email },
      employee: { email: team.agent.email },
      title: 'Weekly 1:1',
      action_items: [{ text: 'Empathy module', category: 'Empathy', due_date: '2025-10-31T06:00:00Z' }],
      kudos: [{ text: 'Great week!' }],
      metric_attachments: [{ integration_id: 'wfm', metric: 'tickets_closed', start_date: '2025-10-20T00:00:00Z', end_date: '2025-10-23T00:00:00Z' }],
      share: true,
    });
    const items = await client.listActionItems({ employee_email: team.agent.email, status: 'open' });
    assert.deepEqual(items.map((i) => i.text), ['Empathy module']);
    const done = await client.updateCoachingSession(session.uuid, { complete_action_items: [items[0].uuid] });
    assert.ok(done.sequence_id > session.sequence_id);
    assert.deepEqual(await client.listActionItems({ employee_email: team.agent.email, status: 'open' }), []);
    const sessions = [];
    for await (const s of client.paginate.listCoachingSessions({ after: 0 })) sessions.push(s.uuid);
    assert.deepEqual(sessions, [session.uuid]);
    assert.deepEqual(await client.listCoachingSessions({ after: done.sequence_id }), []);

    // The coaching session counts in this month's report, by employee.
    const today = new Date().toISOString().slice(0, 10);
    const report = await client.getMetricsReport({ from: today, to: today, group_by: 'employee' });
    assert.deepEqual(report.group_by, ['employee']);
    assert.equal(report.total.coaching_sessions, 1);
    assert.deepEqual(report.rows.map((row) => [row.key.employee?.email, row.coaching_sessions]), [[team.agent.email, 1]]);
  });
});
