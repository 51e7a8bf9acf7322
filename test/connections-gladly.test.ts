import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { gladlyDeliveryHeaders, gladlyFixture, startGladlySim } from './helpers/gladly-sim.ts';
import { addConnection, connectionEvents, dataRecord, mailsTo, postInbound, type AddedConnection } from './helpers/helpdesk-e2e.ts';
import type { JsonApiSim } from './helpers/json-api-sim.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const API_USER = 'integration@acme.example';
const API_TOKEN = 'gladly-api-token-for-tests';
const CONVERSATION_PATH = '/api/v1/conversations/OI9Sr3W7RVWHhDZ3qiC5Bg';

let ctx: TestContext;
let sink: SmtpSink;
let worker: { stop(): Promise<void> };
let gladly: JsonApiSim;
let company: Awaited<ReturnType<typeof createCompany>>;
let agent: Awaited<ReturnType<typeof createEmployee>>;
let connection: AddedConnection;
let customerEmail: string;

/** A closed conversation of its own (event keys are conversation ids), served by the simulated Gladly. */
function closedEvent() {
  const conversationId = uniqueName('cnv');
  const conversation = { ...(gladly.resources.get(CONVERSATION_PATH) as Record<string, unknown>), id: conversationId };
  gladly.resources.set(`/api/v1/conversations/${conversationId}`, conversation);
  const event = gladlyFixture('conversation-closed.json');
  event.id = uniqueName('evt');
  event.content.conversationId = conversationId;
  return { raw: JSON.stringify(event), conversationId };
}

const deliver = (raw: string, key = connection.signing_secret ?? '') => postInbound(ctx, connection.path, raw, gladlyDeliveryHeaders(key, connection.path, raw));

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, PUBLIC_URL: 'https://feedback.example', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  worker = fastWorker(ctx);
  company = await createCompany(ctx.services, { brands: ['blancapeak'] });
  agent = await createEmployee(ctx.services, company.id);
  customerEmail = `${uniqueName('martha')}@example.com`;
  gladly = await startGladlySim(API_USER, API_TOKEN, { customerEmail, customerName: 'Martha Williams', agentEmail: agent.email });
  connection = await addConnection(ctx, company.subdomain, ['--kind', 'gladly', '--name', 'Gladly', '--api-base', gladly.url, '--api-user', API_USER, '--api-token', API_TOKEN]);
});
after(async () => {
  await worker.stop();
  await ctx.close();
  await sink.close();
  await gladly.close();
});

describe('Gladly connection, end to end', () => {
  it('prints the inbound URL and a generated signing key to paste into Gladly', () => {
    assert.equal(connection.kind, 'gladly');
    assert.match(connection.inbound_url, /^https:\/\/feedback\.example\/inbound\/[A-Za-z0-9_-]{16,}$/);
    assert.ok((connection.signing_secret ?? '').length >= 32, 'a strong generated key');
  });

  it('answers PING as a skipped event without looking anything up', async () => {
    const lookupsBefore = gladly.requests.length;
    const answer = await deliver(JSON.stringify(gladlyFixture('ping.json')));
    assert.equal(answer.statusCode, 202);
    assert.equal(answer.body.status, 'skipped');
    assert.equal(gladly.requests.length, lookupsBefore);
    const events = await connectionEvents(ctx, company.id, connection.id);
    assert.ok(events.some((e) => e.event_type === 'PING' && e.status === 'skipped'));
  });

  it('a closed conversation sends the survey, recorded with the agent, customer, channel, brand, tags and conversation id; a redelivery sends nothing twice', async () => {
    const { raw, conversationId } = closedEvent();
    const answer = await deliver(raw);
    assert.equal(answer.statusCode, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'created');
    const requestId = String(answer.body.request_id);
    await eventually(async () => mailsTo(sink, customerEmail).length === 1);
    const record = await dataRecord(ctx, company, requestId);
    assert.equal(record.employee.email, agent.email);
    assert.equal(record.customer.email, customerEmail, "the profile's primary email");
    assert.equal(record.customer.full_name, 'Martha Williams');
    assert.equal(record.customer.custom_id, 'abc');
    assert.equal(record.channel, 'email');
    assert.equal(record.branding, 'blancapeak');
    assert.deepEqual(record.tags, ['Returns'], 'topics become tags');
    assert.equal(record.ext_interaction_id, conversationId);
    const authorization = `Basic ${Buffer.from(`${API_USER}:${API_TOKEN}`).toString('base64')}`;
    assert.ok(gladly.requests.filter((r) => r.path.includes(conversationId)).every((r) => r.authorization === authorization));

    const again = await deliver(raw);
    assert.deepEqual(again.body, { status: 'duplicate', request_id: requestId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(mailsTo(sink, customerEmail).length, 1, 'the redelivery sent nothing');
  });

  it('refuses a request signed with another key, or not signed, with 401 and logs it', async () => {
    const { raw } = closedEvent();
    assert.equal((await deliver(raw, 'another-key')).statusCode, 401);
    assert.equal((await postInbound(ctx, connection.path, raw, { 'content-type': 'application/json' })).statusCode, 401);
    const unauthorized = (await connectionEvents(ctx, company.id, connection.id)).filter((e) => e.status === 'unauthorized');
    assert.equal(unauthorized.length, 2);
    assert.ok(unauthorized.some((e) => /signature does not match/.test(e.detail ?? '')));
    assert.ok(unauthorized.some((e) => /no Gladly-Authorization/.test(e.detail ?? '')));
  });

  it('skips a conversation closed with no assigned agent by a rule, with the reason', async () => {
    const { conversationId } = closedEvent();
    const path = `/api/v1/conversations/${conversationId}`;
    gladly.resources.set(path, { ...(gladly.resources.get(path) as Record<string, unknown>), assignee: { inboxId: 'ibx_support' } });
    const event = gladlyFixture('conversation-closed.json');
    event.content.conversationId = conversationId;
    event.initiator = { id: 'rule-autoclose', type: 'RULE' };
    const answer = await deliver(JSON.stringify(event));
    assert.equal(answer.statusCode, 202);
    assert.equal(answer.body.status, 'skipped');
    assert.match(String(answer.body.reason), /no assigned agent/);
  });

  it('a lookup that fails while Gladly is down is retried through the outbox until the survey goes out', async () => {
    const { raw, conversationId } = closedEvent();
    gladly.failNext = 2;
    const answer = await deliver(raw);
    assert.equal(answer.statusCode, 202, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'pending');
    const created = await eventually(async () => (await connectionEvents(ctx, company.id, connection.id)).find((e) => e.event_key === conversationId && e.status === 'created'), 15_000);
    assert.ok(created.attempts >= 2);
    assert.equal(gladly.requests.filter((r) => r.status === 503).length >= 2, true);
    const record = await dataRecord(ctx, company, String(created.request_id));
    assert.equal(record.ext_interaction_id, conversationId);
    assert.equal(record.employee.email, agent.email);
  });
});
