import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { leaks, populateTenant, SHARED_IDEMPOTENCY_KEY, snapshot, type Tenant } from '../helpers/tenant.ts';

let ctx: SecurityContext;
let a: Tenant;
let b: Tenant;
let before_: Record<string, unknown>;
before(async () => {
  ctx = await createSecurityContext();
  a = await populateTenant(ctx);
  b = await populateTenant(ctx);
  before_ = await snapshot(ctx, a);
});
after(() => ctx.closeAndCheckLogs());

type Ids = Tenant['ids'];
/** The target's ids go where an attacker would put a victim's; the rest of the body is the caller's own (valid) data. */
interface Write {
  name: string;
  build(target: { ids: Ids; agentEmail: string; agentCustomId: string }, own: Tenant): { method: 'POST' | 'PUT' | 'GET'; url: string; body?: unknown; apiKeyOnly?: boolean };
}

const WRITES: Write[] = [
  { name: 'update an employee by email', build: (t) => ({ method: 'PUT', url: `/v2/employees/${encodeURIComponent(t.agentEmail)}`, body: { first_name: 'Mallory' } }) },
  { name: 'update an employee by custom id', build: (t) => ({ method: 'PUT', url: `/v2/employees/${encodeURIComponent(t.agentCustomId)}`, body: { last_name: 'Mallory' } }) },
  { name: 'deactivate an employee', build: (t) => ({ method: 'PUT', url: `/v2/employees/${encodeURIComponent(t.agentEmail)}/deactivate` }) },
  { name: 'activate an employee', build: (t) => ({ method: 'PUT', url: `/v2/employees/${encodeURIComponent(t.agentEmail)}/activate` }) },
  { name: 'edit a QA review', build: (t, own) => ({ method: 'PUT', url: `/v2/qa/${t.ids.reviewUuid}`, body: { interaction_id: 'mallory', answers: own.ids.answers } }) },
  { name: 'edit an audit', build: (t, own) => ({ method: 'PUT', url: `/v2/qa/audits/${t.ids.auditUuid}`, body: { answers: own.ids.answers } }) },
  { name: 'edit a calibration', build: (t) => ({ method: 'PUT', url: `/v2/qa/calibrations/${t.ids.calibrationUuid}`, body: { notes: 'mallory' } }) },
  { name: 'rename a scorecard', build: (t) => ({ method: 'PUT', url: `/v2/qa/scorecards/${t.ids.scorecardId}`, body: { name: 'Mallory form' } }) },
  { name: 'retitle a coaching session', build: (t) => ({ method: 'PUT', url: `/v2/coaching/sessions/${t.ids.sessionUuid}`, body: { title: 'Mallory' } }) },
  { name: 'complete an action item', build: (t, own) => ({ method: 'PUT', url: `/v2/coaching/sessions/${own.ids.sessionUuid}`, body: { complete_action_items: [t.ids.actionItemUuid] } }) },
  { name: 'disable a webhook', build: (t) => ({ method: 'PUT', url: `/v2/webhooks/${t.ids.webhookId}`, body: { enabled: false } }) },
  { name: "read a webhook's deliveries", build: (t) => ({ method: 'GET', url: `/v2/webhooks/${t.ids.webhookId}/deliveries` }) },
  { name: 'read an employee', build: (t) => ({ method: 'GET', url: `/v2/employees/${encodeURIComponent(t.agentEmail)}` }) },
  { name: 'post a record to an integration', build: (t, own) => ({ method: 'POST', url: `/v2/integrations/${t.ids.integrationId}/records`, body: { record: { employee_id: own.agent.email, record_date: '2025-10-22', tickets_closed: 1 } } }) },
  { name: "post a record for an integration's employee", build: (t, own) => ({ method: 'POST', url: `/v2/integrations/${own.ids.integrationId}/records`, body: { record: { employee_id: t.agentEmail, record_date: '2025-10-22', tickets_closed: 1 } } }) },
  { name: 'recover a feedback request', build: (t) => ({ method: 'POST', url: '/v1/recoveries', apiKeyOnly: true, body: { initial_feedback_request_id: t.ids.requestId, do_not_send: true } }) },
  { name: 'request feedback for an employee', build: (t, own) => ({ method: 'POST', url: '/v1/requests', apiKeyOnly: true, body: { ...own.requestBody, employee: { email: t.agentEmail } } }) },
  { name: 'review on a scorecard', build: (t, own) => ({ method: 'POST', url: '/v2/qa', body: { scorecard_id: Number(t.ids.scorecardId), employee: { email: own.agent.email }, reviewer: { email: own.reviewer.email } } }) },
  { name: 'review an employee', build: (t, own) => ({ method: 'POST', url: '/v2/qa', body: { scorecard_id: Number(own.ids.scorecardId), employee: { email: t.agentEmail }, reviewer: { email: own.reviewer.email } } }) },
  { name: 'review a feedback request', build: (t, own) => ({ method: 'POST', url: '/v2/qa', body: { scorecard_id: Number(own.ids.scorecardId), employee: { email: own.agent.email }, reviewer: { email: own.reviewer.email }, solicitation_id: t.ids.requestId } }) },
  { name: 'audit a review', build: (t, own) => ({ method: 'POST', url: '/v2/qa/audits', body: { qa_review_id: t.ids.reviewUuid, auditor: { email: own.admin.email } } }) },
  { name: 'calibrate on a scorecard', build: (t, own) => ({ method: 'POST', url: '/v2/qa/calibrations', body: { scorecard_id: Number(t.ids.scorecardId), started_by: { email: own.admin.email } } }) },
  { name: 'attach a review to a session', build: (t, own) => ({ method: 'POST', url: '/v2/coaching/sessions', body: { coach: { email: own.leader.email }, employee: { email: own.agent.email }, title: 'x', qa_review_attachments: [{ uuid: t.ids.reviewUuid }] } }) },
  { name: 'coach an employee', build: (t, own) => ({ method: 'POST', url: '/v2/coaching/sessions', body: { coach: { email: own.leader.email }, employee: { email: t.agentEmail }, title: 'x' } }) },
  { name: "attach an integration's metric", build: (t, own) => ({ method: 'POST', url: '/v2/coaching/sessions', body: { coach: { email: own.leader.email }, employee: { email: own.agent.email }, title: 'x', metric_attachments: [{ integration_id: t.ids.integrationId, metric: 'tickets_closed', start_date: '2025-10-01T00:00:00Z', end_date: '2025-10-30T00:00:00Z' }] } }) },
];

const target = (tenant: Tenant) => ({ ids: tenant.ids, agentEmail: tenant.agent.email, agentCustomId: tenant.agent.custom_id! });

async function send(caller: Tenant, request: ReturnType<Write['build']>) {
  if (!request.apiKeyOnly) return ctx.as(caller.company).send(request.method, request.url, request.body);
  return ctx.as(caller.company, { jwt: false }).send(request.method, request.url, request.body);
}

describe("tenant isolation: company B's writes with company A's ids", () => {
  it('each write works with B\'s own ids (the control: the body is valid, only the ids differ)', async () => {
    for (const write of WRITES) {
      const response = await send(b, write.build(target(b), b));
      assert.ok(response.statusCode >= 200 && response.statusCode < 300, `${write.name}: ${response.statusCode} ${response.body}`);
    }
  });

  it("is refused with 400/404/422 and leaks nothing, for every write and each of A's real ids", async () => {
    for (const write of WRITES) {
      const request = write.build(target(a), b);
      const response = await send(b, request);
      assert.ok([400, 404, 422].includes(response.statusCode), `${write.name}: ${response.statusCode} ${response.body}`);
      assert.deepEqual(leaks(a, response.body, JSON.stringify(request)), [], write.name);
    }
  });

  it('property: B with generated or A-derived ids never gets a 5xx or any of A\'s data', async () => {
    const realId = fc.constantFrom(...Object.values(a.ids).filter((v): v is string => typeof v === 'string'));
    const generated = fc.oneof(fc.uuid(), fc.integer({ min: -5, max: 1_000_000 }).map(String), fc.string({ minLength: 1, maxLength: 40 }), realId.map((id) => id.toUpperCase()), realId.map((id) => ` ${id}`));
    const ids = fc.record({ requestId: generated, scorecardId: generated, reviewUuid: generated, auditUuid: generated, calibrationUuid: generated, sessionUuid: generated, actionItemUuid: generated, webhookId: generated, integrationId: generated });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WRITES), ids, fc.oneof(fc.constant(a.agent.email), fc.emailAddress(), fc.string({ maxLength: 30 })), async (write, generatedIds, email) => {
        const request = write.build({ ids: { ...a.ids, ...generatedIds }, agentEmail: email, agentCustomId: email }, b);
        const response = await send(b, request);
        assert.ok(response.statusCode < 500, `${write.name}: ${response.statusCode} ${response.body}`);
        assert.deepEqual(leaks(a, response.body, JSON.stringify(request)), [], `${write.name}: ${response.body}`);
      }),
      { numRuns: 150 },
    );
  });

  it("an idempotency key A used is B's own: B's request is stored for B, never answered with A's request_id", async () => {
    const response = await ctx.as(b.company).post('/v1/requests', { ...b.requestBody, ext_interaction_id: randomUUID() }, { headers: { 'idempotency-key': SHARED_IDEMPOTENCY_KEY } });
    assert.equal(response.statusCode, 422, 'B used the key before with another body');
    assert.deepEqual(leaks(a, response.body, ''), []);
    const replay = await ctx.as(b.company).post('/v1/requests', b.requestBody, { headers: { 'idempotency-key': SHARED_IDEMPOTENCY_KEY } });
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.json().request_id, b.ids.requestId);
    assert.notEqual(replay.json().request_id, a.ids.requestId);
  });

  it("leaves A's data exactly as it was (every feed, every employee, every company_id row)", async () => {
    assert.deepEqual(await snapshot(ctx, a), before_);
  });
});
