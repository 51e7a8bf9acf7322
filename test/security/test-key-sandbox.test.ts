import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { TEST_KEY_POLICY, TEST_KEY_REFUSAL } from '../../src/modules/companies/test-key-policy.ts';
import { employeeBody } from '../helpers/provisioning.ts';
import { CHAT_FORM } from '../helpers/qa-factories.ts';
import { routeRecorder } from '../helpers/routes.ts';
import { createSecurityContext, type SecurityContext } from '../helpers/security.ts';
import { populateTenant, SHARED_IDEMPOTENCY_KEY, snapshot, type Tenant } from '../helpers/tenant.ts';
import type { Method } from '../helpers/test-client.ts';

/*
 * The test key is a sandbox: nothing done with it changes or reveals production data. Company A
 * has production data of every kind (made with the production key) and some test traffic; the
 * test key is tried on every route that takes an API key, as src/modules/companies/test-key-policy.ts
 * decides for it, and A's production data must come out unchanged and unseen.
 */

const recorder = routeRecorder();
let ctx: SecurityContext;
let a: Tenant;
let sandbox: { requestId: string; recoveryId: string; reviewUuid: string; auditUuid: string; webhookId: number; webhookSecret: string };
let before_: Record<string, unknown>;

interface Call {
  url: string;
  body?: unknown;
}

/** For each refused route: a call that the production key would carry out on A's real records. */
const PRODUCTION_WRITES: Record<string, (t: Tenant) => Call> = {
  'POST /v2/qa': (t) => ({ url: '/v2/qa', body: { scorecard_id: Number(t.ids.scorecardId), employee: { email: t.agent.email }, reviewer: { email: t.reviewer.email }, answers: t.ids.answers, complete: true } }),
  'PUT /v2/qa/:uuid': (t) => ({ url: `/v2/qa/${t.ids.reviewUuid}`, body: { interaction_id: 'mallory', answers: t.ids.answers } }),
  'POST /v2/qa/audits': (t) => ({ url: '/v2/qa/audits', body: { qa_review_id: t.ids.reviewUuid, auditor: { email: t.admin.email }, answers: t.ids.answers } }),
  'PUT /v2/qa/audits/:uuid': (t) => ({ url: `/v2/qa/audits/${t.ids.auditUuid}`, body: { answers: t.ids.answers, complete: true } }),
  'POST /v2/qa/calibrations': (t) => ({ url: '/v2/qa/calibrations', body: { scorecard_id: Number(t.ids.scorecardId), started_by: { email: t.admin.email } } }),
  'PUT /v2/qa/calibrations/:uuid': (t) => ({ url: `/v2/qa/calibrations/${t.ids.calibrationUuid}`, body: { notes: 'mallory' } }),
  'POST /v2/qa/scorecards': () => ({ url: '/v2/qa/scorecards', body: { ...CHAT_FORM, name: 'Mallory form' } }),
  'PUT /v2/qa/scorecards/:id': (t) => ({ url: `/v2/qa/scorecards/${t.ids.scorecardId}`, body: { name: 'Mallory form' } }),
  'POST /v2/coaching/sessions': (t) => ({ url: '/v2/coaching/sessions', body: { coach: { email: t.leader.email }, employee: { email: t.agent.email }, title: 'Mallory' } }),
  'PUT /v2/coaching/sessions/:uuid': (t) => ({ url: `/v2/coaching/sessions/${t.ids.sessionUuid}`, body: { title: 'Mallory', complete_action_items: [t.ids.actionItemUuid] } }),
  'POST /v2/employees': () => ({ url: '/v2/employees', body: employeeBody(`mallory-${randomUUID().slice(0, 8)}`) }),
  'POST /v2/employees/invite': () => ({ url: '/v2/employees/invite', body: employeeBody(`invited-${randomUUID().slice(0, 8)}`) }),
  'PUT /v2/employees/:id': (t) => ({ url: `/v2/employees/${encodeURIComponent(t.agent.email)}`, body: { first_name: 'Mallory' } }),
  'PUT /v2/employees/:id/activate': (t) => ({ url: `/v2/employees/${encodeURIComponent(t.agent2.email)}/activate` }),
  'PUT /v2/employees/:id/deactivate': (t) => ({ url: `/v2/employees/${encodeURIComponent(t.agent.email)}/deactivate` }),
  'POST /v2/integrations': () => ({ url: '/v2/integrations', body: { id: 'mallory', name: 'Mallory', metric_fields: ['x'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' } }),
  'POST /v2/integrations/:id/records': (t) => ({ url: `/v2/integrations/${t.ids.integrationId}/records`, body: { record: { employee_id: t.agent.email, record_date: '2025-10-22', tickets_closed: 99 } } }),
};

/** Every read the test key may make, with A's production ids where the route takes one. */
const READS: Record<string, (t: Tenant) => string> = {
  'GET /v2/data': () => '/v2/data?include_recovery=true&limit=10000',
  'GET /v2/reports/metrics': () => `/v2/reports/metrics?from=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}&group_by=employee`,
  'GET /v1/data/requests': () => '/v1/data/requests',
  'GET /v1/data/responses': () => '/v1/data/responses',
  'GET /v2/qa': () => '/v2/qa',
  'GET /v2/qa/audits': () => '/v2/qa/audits',
  'GET /v2/qa/calibrations': () => '/v2/qa/calibrations',
  'GET /v2/qa/scorecards': () => '/v2/qa/scorecards',
  'GET /v2/coaching/sessions': () => '/v2/coaching/sessions',
  'GET /v2/coaching/action-items': (t) => `/v2/coaching/action-items?employee_email=${encodeURIComponent(t.agent.email)}`,
  'GET /v2/employees': () => '/v2/employees?number_of_employees=500',
  'GET /v2/employees/:id': (t) => `/v2/employees/${encodeURIComponent(t.agent.email)}`,
  'GET /v2/integrations': () => '/v2/integrations',
  'GET /v2/integrations/:id/records': (t) => `/v2/integrations/${t.ids.integrationId}/records`,
  'GET /v2/webhooks': () => '/v2/webhooks',
  'GET /v2/webhooks/:id/deliveries': (t) => `/v2/webhooks/${t.ids.webhookId}/deliveries`,
};

/** What the production key has and the test key must never see (the subdomain is in employee emails, which are shared configuration). */
const productionMarkers = (t: Tenant) => t.markers.filter((marker) => marker !== t.company.subdomain);

const asTest = (method: string, url: string, body?: unknown) => ctx.as(a.company, { key: 'test' }).send(method as Method, url, body);
const asProduction = (method: string, url: string, body?: unknown) => ctx.as(a.company).send(method as Method, url, body);

async function ok(response: LightMyRequestResponse, what: string) {
  assert.ok(response.statusCode >= 200 && response.statusCode < 300, `${what}: ${response.statusCode} ${response.body}`);
  return response.json();
}

function assertRefusedAsSandbox(response: LightMyRequestResponse, what: string) {
  assert.equal(response.statusCode, 403, `${what}: ${response.statusCode} ${response.body}`);
  assert.deepEqual(response.json(), { error: 'Forbidden', message: TEST_KEY_REFUSAL }, what);
}

before(async () => {
  ctx = await createSecurityContext({}, { onRoute: recorder.onRoute });
  a = await populateTenant(ctx);
  const hook = await ok(await asTest('POST', '/v2/webhooks', { url: 'https://hooks.example.com/sandbox', events: ['recovery.created'] }), 'test webhook');
  ctx.remember('webhook secret', hook.secret);
  const request = await ok(await asTest('POST', '/v1/requests', { ...a.requestBody, ext_interaction_id: 'ext-sandbox' }), 'test request');
  const recovery = await ok(await asTest('POST', '/v1/recoveries', { initial_feedback_request_id: request.request_id, do_not_send: true }), 'test recovery');
  const review = await ok(
    await asProduction('POST', '/v2/qa', { scorecard_id: Number(a.ids.scorecardId), employee: { email: a.agent.email }, reviewer: { email: a.reviewer.email }, solicitation_id: request.request_id, answers: a.ids.answers, complete: true }),
    'a review of the test request',
  );
  const audit = await ok(await asProduction('POST', '/v2/qa/audits', { qa_review_id: review.uuid, auditor: { email: a.admin.email }, answers: a.ids.answers }), 'its audit');
  sandbox = { requestId: request.request_id, recoveryId: recovery.request_id, reviewUuid: review.uuid, auditUuid: audit.uuid, webhookId: hook.id, webhookSecret: hook.secret };
  before_ = await snapshot(ctx, a);
});
after(() => ctx.closeAndCheckLogs());

describe('the test key is a sandbox', () => {
  it('every route that takes an API key has a decision in the test-key policy, and the policy names no other route', async () => {
    const keyed: string[] = [];
    for (const route of recorder.routes) {
      const url = route.url.replace(/:\w+/g, '1').replace('*', 'index.html');
      const response = await ctx.app.inject({ method: route.method as 'GET', url });
      if (response.statusCode === 403 && /x-api-key/.test(response.body)) keyed.push(`${route.method} ${route.url}`);
    }
    assert.ok(keyed.length >= 35, `${keyed.length} routes take an API key`);
    assert.deepEqual(keyed.filter((route) => !(route in TEST_KEY_POLICY)), [], 'routes without a test-key decision (add them to test-key-policy.ts)');
    assert.deepEqual(Object.keys(TEST_KEY_POLICY).filter((route) => !keyed.includes(route)), [], 'decisions for routes that do not exist');
    const refused = Object.keys(TEST_KEY_POLICY).filter((route) => TEST_KEY_POLICY[route] === 'refused');
    const reads = Object.keys(TEST_KEY_POLICY).filter((route) => route.startsWith('GET '));
    assert.deepEqual(refused.filter((route) => !(route in PRODUCTION_WRITES)), [], 'refused routes this suite does not try');
    assert.deepEqual(reads.filter((route) => !(route in READS)), [], 'reads this suite does not try');
  });

  it('the writes it tries are real: with the production key each changes a company (the control, on another company)', async () => {
    const other = await populateTenant(ctx);
    for (const [route, build] of Object.entries(PRODUCTION_WRITES)) {
      const { url, body } = build(other);
      await ok(await ctx.as(other.company).send(route.split(' ')[0] as Method, url, body), `${route} with the production key`);
    }
  });

  it('refuses each write to production with 403 and a message saying so, on routes with and without a JWT', async () => {
    for (const [route, build] of Object.entries(PRODUCTION_WRITES)) {
      const { url, body } = build(a);
      assertRefusedAsSandbox(await asTest(route.split(' ')[0], url, body), route);
    }
    const production = (await ok(await asProduction('GET', '/v2/webhooks'), 'production webhooks')).webhooks;
    assertRefusedAsSandbox(await asTest('PUT', `/v2/webhooks/${production[0].id}`, { enabled: false }), "disabling the production key's webhook");
  });

  it("cannot deactivate a production employee: production requests for them are still accepted", async () => {
    assertRefusedAsSandbox(await asTest('PUT', `/v2/employees/${encodeURIComponent(a.agent.email)}/deactivate`), 'deactivate');
    const employee = await ok(await asProduction('GET', `/v2/employees/${encodeURIComponent(a.agent.email)}`), 'the agent');
    assert.equal(employee.status, 'active');
    const request = await asProduction('POST', '/v1/requests', { ...a.requestBody, do_not_send: true, ext_interaction_id: null });
    assert.equal(request.statusCode, 200, request.body);
    before_ = await snapshot(ctx, a);
  });

  it('reads show test records and shared configuration only: never a production record', async () => {
    const markers = productionMarkers(a);
    for (const [route, build] of Object.entries(READS)) {
      for (const url of [build(a), `${build(a)}${build(a).includes('?') ? '&' : '?'}after=0&include_recovery=true`]) {
        const response = await asTest('GET', url);
        assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
        const seen = markers.filter((marker) => response.body.includes(marker) && !url.includes(marker));
        assert.deepEqual(seen, [], `${route} (${url}) shows production records: ${response.body.slice(0, 300)}`);
        if (TEST_KEY_POLICY[route] === 'configuration') {
          assert.equal(response.body, (await asProduction('GET', url)).body, `${route} is shared configuration: the same for both keys`);
        }
      }
    }
    assert.deepEqual((await asTest('GET', `/v2/webhooks/${a.ids.webhookId}/deliveries`)).statusCode, 404, "the production key's endpoint is not found");
  });

  it('feeds return the records of test interactions', async () => {
    const json = async (url: string) => ok(await asTest('GET', url), url);
    const interactions = JSON.stringify(await json('/v2/data?include_recovery=true'));
    assert.ok(interactions.includes(sandbox.requestId) && interactions.includes(sandbox.recoveryId), interactions.slice(0, 300));
    assert.ok(JSON.stringify(await json('/v1/data/requests')).includes(sandbox.requestId));
    assert.deepEqual((await json('/v2/qa')).map((r: { uuid: string }) => r.uuid), [sandbox.reviewUuid]);
    assert.deepEqual((await json('/v2/qa/audits')).map((r: { uuid: string }) => r.uuid), [sandbox.auditUuid]);
    for (const url of ['/v2/qa/calibrations', '/v2/coaching/sessions', `/v2/integrations/${a.ids.integrationId}/records`, `/v2/coaching/action-items?employee_email=${encodeURIComponent(a.agent.email)}`]) {
      assert.deepEqual(await json(url), [], url);
    }
    assert.deepEqual((await json('/v2/webhooks')).webhooks.map((w: { id: number }) => w.id), [sandbox.webhookId]);
    const deliveries = (await json(`/v2/webhooks/${sandbox.webhookId}/deliveries`)).deliveries;
    assert.deepEqual(deliveries.map((d: { event_type: string }) => d.event_type), ['recovery.created']);
    // The production key's feeds, for their part, hold no test interaction.
    const production = (await asProduction('GET', '/v2/data?include_recovery=true')).body;
    assert.ok(production.includes(a.ids.requestId) && !production.includes(sandbox.requestId) && !production.includes(sandbox.recoveryId));
    assert.deepEqual((await asProduction('GET', `/v2/webhooks/${sandbox.webhookId}/deliveries`)).statusCode, 404, "the test key's endpoint is not the production key's");
  });

  it("leaves A's production data exactly as it was", async () => {
    assert.deepEqual(await snapshot(ctx, a), before_);
  });

  it('test traffic it may send (requests, recoveries, batches, its own webhooks) touches no production record', async () => {
    const own = { ...a.requestBody, ext_interaction_id: 'ext-sandbox-2', do_not_send: true };
    // The production key used this Idempotency-Key: the test key's is a key of its own.
    const keyed = await ctx.as(a.company, { key: 'test' }).post('/v1/requests', own, { headers: { 'idempotency-key': SHARED_IDEMPOTENCY_KEY } });
    assert.equal(keyed.statusCode, 200, keyed.body);
    assert.notEqual(keyed.json().request_id, a.ids.requestId);
    const replay = await ctx.as(a.company).post('/v1/requests', a.requestBody, { headers: { 'idempotency-key': SHARED_IDEMPOTENCY_KEY } });
    assert.equal(replay.statusCode, 200, replay.body);
    assert.equal(replay.json().request_id, a.ids.requestId, 'the production retry still finds its request');
    await ok(await asTest('POST', '/v1/requests/batch', { requests: [own, { ...own, ext_interaction_id: 'ext-sandbox-3' }] }), 'batch');
    const refusedParent = await asTest('POST', '/v1/recoveries', { initial_feedback_request_id: a.ids.requestId, do_not_send: true });
    assert.equal(refusedParent.statusCode, 400, 'a recovery of a production request is not found');
    assert.deepEqual(refusedParent.json().validation_errors, ['initial_feedback_request_id does not match a feedback request of this company']);
    await ok(await asTest('POST', '/v1/recoveries', { initial_feedback_request_id: keyed.json().request_id, do_not_send: true }), 'test recovery');
    await ok(await asTest('PUT', `/v2/webhooks/${sandbox.webhookId}`, { enabled: false }), 'disable the test endpoint');
    await ok(await asTest('PUT', `/v2/webhooks/${sandbox.webhookId}`, { enabled: true }), 'enable it again');
    const second = await ok(await asTest('POST', '/v2/webhooks', { url: 'https://hooks.example.com/sandbox-2', events: ['recovery.created', 'request.delivery_failed'] }), 'a second test endpoint');
    ctx.remember('webhook secret', second.secret);
    assert.deepEqual(await productionRecords(), await productionRecords(before_));
  });

  it('events of test interactions reach only the test key\'s endpoints, and production events only production endpoints', async () => {
    const deliveries = async (endpointId: number) =>
      (await ctx.db.kysely.selectFrom('webhook_deliveries').select('payload').where('company_id', '=', a.company.id).where('endpoint_id', '=', endpointId).execute()).map((d) => d.payload).join('\n');
    const recovery = await asProduction('POST', '/v1/recoveries', { initial_feedback_request_id: a.ids.requestId, do_not_send: true });
    assert.equal(recovery.statusCode, 200, recovery.body);
    const productionLog = await deliveries(Number(a.ids.webhookId));
    const testLog = await deliveries(sandbox.webhookId);
    assert.ok(productionLog.includes(recovery.json().request_id), 'the production recovery reached the production endpoint');
    assert.ok(!productionLog.includes(sandbox.recoveryId), 'the test recovery did not');
    assert.ok(testLog.includes(sandbox.recoveryId), 'the test recovery reached the test endpoint');
    assert.ok(!testLog.includes(recovery.json().request_id) && !testLog.includes(a.ids.recoveryId), 'no production recovery did');
  });
});

/**
 * The production records of A: what the production key reads, and every company row except the
 * test interactions, the test key's webhooks and what hangs off them (and the shared sequence counter).
 */
async function productionRecords(taken?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const whole = taken ?? (await snapshot(ctx, a));
  const db = ctx.db.kysely;
  const testInteractions = new Set((await db.selectFrom('interactions').select('id').where('company_id', '=', a.company.id).where('is_test', '=', 1).execute()).map((r) => String(r.id)));
  const testEndpoints = new Set((await db.selectFrom('webhook_endpoints').select('id').where('company_id', '=', a.company.id).where('is_test', '=', 1).execute()).map((r) => String(r.id)));
  const testDeliveries = new Set(
    (await db.selectFrom('webhook_deliveries').select('id').where('company_id', '=', a.company.id).where('endpoint_id', 'in', [...testEndpoints].map(Number)).execute()).map((r) => String(r.id)),
  );
  const isTestRow: Record<string, (row: Record<string, unknown>) => boolean> = {
    interactions: (row) => Number(row.is_test) === 1,
    webhook_endpoints: (row) => Number(row.is_test) === 1,
    webhook_deliveries: (row) => testEndpoints.has(String(row.endpoint_id)),
    idempotency_keys: (row) => String(row.idempotency_key).startsWith('test '),
    outbox: (row) => testInteractions.has(String(row.interaction_id)) || testDeliveries.has(String(JSON.parse(String(row.payload) || '{}').delivery_id)),
  };
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(whole)) {
    if (name === 'table company_sequences') continue;
    const table = name.startsWith('table ') ? name.slice(6) : null;
    const filter = table && isTestRow[table];
    result[name] = filter ? (value as string[]).filter((row) => !filter(JSON.parse(row))) : value;
  }
  return result;
}
