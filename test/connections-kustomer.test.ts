import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addConnection, connectionEventJobs, connectionEvents, dataRecord, mailsTo, makeConnectionEventsDue, postInbound, type AddedConnection } from './helpers/helpdesk-e2e.ts';
import type { JsonApiSim } from './helpers/json-api-sim.ts';
import { kustomerDeliveryHeaders, kustomerFixture, startKustomerSim } from './helpers/kustomer-sim.ts';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, fastWorker } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const TOKEN = 'kustomer-outbound-webhook-token';
const API_KEY = 'kustomer-api-key-for-tests';

let ctx: TestContext;
let sink: SmtpSink;
let worker: { stop(): Promise<void> };
let kustomer: JsonApiSim;
let team: { company: Awaited<ReturnType<typeof createCompany>>; agent: Awaited<ReturnType<typeof createEmployee>> };
let connection: AddedConnection;
let customerEmail: string;

/** The done event for a conversation of its own (event keys are conversation ids). */
function doneEvent(conversationId = uniqueName('').padEnd(24, '0').slice(0, 24)) {
  const event = kustomerFixture('conversation-update-done.json');
  event.id = uniqueName('evt');
  event.data.id = conversationId;
  return { raw: JSON.stringify(event), conversationId };
}

const deliver = (raw: string, path = connection.path, token = TOKEN) => postInbound(ctx, path, raw, kustomerDeliveryHeaders(token, raw));

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, PUBLIC_URL: 'https://feedback.example', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  worker = fastWorker(ctx);
  const company = await createCompany(ctx.services, { brands: ['blancapeak', 'blancakids'] });
  await ctx.services.companies.setSettings(company.subdomain, ['brand_display_names.blancapeak=Blanca Peak']);
  team = { company, agent: await createEmployee(ctx.services, company.id) };
  customerEmail = `${uniqueName('jane')}@example.com`;
  kustomer = await startKustomerSim(API_KEY, { customerEmail, customerName: 'Jane Doe', agentEmail: team.agent.email, brandName: 'Blanca Peak' });
  connection = await addConnection(ctx, team.company.subdomain, ['--kind', 'kustomer', '--name', 'Kustomer', '--api-base', kustomer.url, '--api-token', API_KEY, '--signing-secret', TOKEN]);
});
after(async () => {
  await worker.stop();
  await ctx.close();
  await sink.close();
  await kustomer.close();
});

describe('Kustomer connection, end to end', () => {
  it('prints the inbound URL under PUBLIC_URL and keeps the webhook token as the signing secret', () => {
    assert.equal(connection.kind, 'kustomer');
    assert.match(connection.inbound_url, /^https:\/\/feedback\.example\/inbound\/[A-Za-z0-9_-]{16,}$/);
    assert.equal(connection.signing_secret, TOKEN);
  });

  it('shows the set-up to paste into Kustomer, and a dry run of the sample event shows the request it would make, storing nothing', async () => {
    const shown = await runCli(ctx.env, 'connection', 'show', '--company', team.company.subdomain, String(connection.id), '--json');
    assert.equal(shown.code, 0, shown.stderr);
    const detail = JSON.parse(shown.stdout);
    assert.ok(detail.setup.steps.some((step: string) => step.includes(connection.inbound_url) && step.includes('kustomer.conversation.update')));
    assert.equal(detail.sample.name, 'kustomer.conversation.update');
    const dry = await runCli(ctx.env, 'connection', 'test', '--company', team.company.subdomain, String(connection.id), '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.stderr);
    const result = JSON.parse(dry.stdout);
    assert.equal(result.outcome, 'request', dry.stdout);
    assert.equal(result.event_key, detail.sample.data.id);
    assert.equal(result.request.employee.email, team.agent.email);
    assert.equal(result.request.customer.email, customerEmail);
    assert.equal(result.request.brand, 'blancapeak');
    assert.equal(result.request.channel, 'email');
    assert.deepEqual(await connectionEvents(ctx, team.company.id, connection.id), [], 'a dry run stores nothing');
  });

  it('a conversation marked done sends the survey, recorded with the agent, customer, channel, brand, tags and conversation id; a redelivery sends nothing twice', async () => {
    const { raw, conversationId } = doneEvent();
    const answer = await deliver(raw);
    assert.equal(answer.statusCode, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'created');
    const requestId = String(answer.body.request_id);

    await eventually(async () => mailsTo(sink, customerEmail).length === 1);
    const record = await dataRecord(ctx, team.company, requestId);
    assert.equal(record.employee.email, team.agent.email);
    assert.equal(record.customer.email, customerEmail);
    assert.equal(record.customer.full_name, 'Jane Doe');
    assert.equal(record.customer.custom_id, 'crm-10427');
    assert.equal(record.channel, 'chat');
    assert.equal(record.branding, 'blancapeak', "Kustomer's brand name matches the brand's display name");
    assert.deepEqual([...record.tags].sort(), ['returns', 'vip'], 'tag ids are looked up for their names');
    assert.equal(record.ext_interaction_id, conversationId);

    const again = await deliver(raw);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.body, { status: 'duplicate', request_id: requestId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(mailsTo(sink, customerEmail).length, 1, 'the redelivery sent nothing');
    const [event] = (await connectionEvents(ctx, team.company.id, connection.id)).filter((e) => e.event_key === conversationId);
    assert.equal(event.status, 'created');
    assert.equal(event.deliveries, 2);
  });

  it('refuses a delivery with a wrong signature (401) and logs it as unauthorized', async () => {
    const { raw } = doneEvent();
    const answer = await deliver(raw, connection.path, 'not-the-token');
    assert.equal(answer.statusCode, 401);
    const tampered = await postInbound(ctx, connection.path, raw.replace('"chat"', '"email"'), kustomerDeliveryHeaders(TOKEN, raw));
    assert.equal(tampered.statusCode, 401);
    const unsigned = await postInbound(ctx, connection.path, raw, { 'content-type': 'application/json' });
    assert.equal(unsigned.statusCode, 401);
    // The two mismatches in a row are one logged refusal delivered twice; the missing header another.
    const unauthorized = (await connectionEvents(ctx, team.company.id, connection.id)).filter((e) => e.status === 'unauthorized');
    assert.equal(unauthorized.length, 2);
    assert.equal(unauthorized.find((e) => /X-Kustomer-Webhook-Signature does not match/.test(e.detail ?? ''))?.deliveries, 2);
    assert.equal(unauthorized.find((e) => /no X-Kustomer-Webhook-Signature/.test(e.detail ?? ''))?.deliveries, 1);
  });

  it('skips a status that is not done and a conversation with no assigned user, with the reason, looking nothing up', async () => {
    const lookupsBefore = kustomer.requests.length;
    const snoozed = JSON.stringify(kustomerFixture('conversation-update-snoozed.json'));
    const answer = await deliver(snoozed);
    assert.equal(answer.statusCode, 202);
    assert.equal(answer.body.status, 'skipped');
    assert.match(String(answer.body.reason), /snoozed, not done/);
    const unassigned = await deliver(JSON.stringify(kustomerFixture('conversation-update-unassigned.json')));
    assert.equal(unassigned.statusCode, 202);
    assert.match(String(unassigned.body.reason), /no assigned user/);
    assert.equal(kustomer.requests.length, lookupsBefore, 'no lookup for skipped events');
    const skipped = (await connectionEvents(ctx, team.company.id, connection.id)).filter((e) => e.status === 'skipped');
    assert.ok(skipped.some((e) => /snoozed, not done/.test(e.detail ?? '')));
    assert.ok(skipped.some((e) => /no assigned user/.test(e.detail ?? '')));
  });

  it('a lookup that fails while Kustomer is down is kept and retried through the outbox until the survey goes out', async () => {
    const email = `${uniqueName('retry')}@example.com`;
    const customerPath = '/v1/customers/6717c29de5b1f00012ab34b9';
    const customer = kustomer.resources.get(customerPath) as any;
    const { raw, conversationId } = doneEvent();
    kustomer.failNext = 1;
    try {
      customer.data.attributes.emails[0].email = email;
      const answer = await deliver(raw);
      assert.equal(answer.statusCode, 202, JSON.stringify(answer.body));
      assert.equal(answer.body.status, 'pending');
      assert.match(String(answer.body.reason), /503/);
      assert.ok(kustomer.requests.some((r) => r.status === 503));
      const created = await eventually(async () => (await connectionEvents(ctx, team.company.id, connection.id)).find((e) => e.event_key === conversationId && e.status === 'created'));
      assert.ok(created.attempts >= 2, 'the lookup was tried again');
      await eventually(async () => mailsTo(sink, email).length === 1);
      const record = await dataRecord(ctx, team.company, String(created.request_id));
      assert.equal(record.ext_interaction_id, conversationId);
    } finally {
      customer.data.attributes.emails[0].email = customerEmail;
    }
  });

  it('a connection with --delay-minutes keeps the event pending until it is due, then makes the request once', async () => {
    const delayed = await addConnection(ctx, team.company.subdomain, ['--kind', 'kustomer', '--name', 'Kustomer (delayed)', '--api-base', kustomer.url, '--api-token', API_KEY, '--signing-secret', TOKEN, '--delay-minutes', '30']);
    const email = `${uniqueName('later')}@example.com`;
    const customer = kustomer.resources.get('/v1/customers/6717c29de5b1f00012ab34b9') as any;
    customer.data.attributes.emails[0].email = email;
    try {
      const { raw, conversationId } = doneEvent();
      const receivedAt = Date.now();
      const answer = await deliver(raw, delayed.path);
      assert.equal(answer.statusCode, 202);
      assert.equal(answer.body.status, 'pending');
      const [pending] = await connectionEvents(ctx, team.company.id, delayed.id);
      assert.equal(pending.status, 'pending');
      assert.match(pending.detail ?? '', /waiting 30 minutes/);
      const jobs = (await connectionEventJobs(ctx, team.company.id)).filter((j) => j.status === 'pending' && JSON.parse(j.payload).event_id === Number(pending.id));
      assert.equal(jobs.length, 1, 'one outbox row waits for the event');
      assert.ok(jobs[0].available_at >= receivedAt + 29 * 60_000, 'due in 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await connectionEvents(ctx, team.company.id, delayed.id))[0].status, 'pending', 'still waiting');
      assert.equal(mailsTo(sink, email).length, 0);

      await makeConnectionEventsDue(ctx, team.company.id);
      const created = await eventually(async () => (await connectionEvents(ctx, team.company.id, delayed.id)).find((e) => e.event_key === conversationId && e.status === 'created'));
      await eventually(async () => mailsTo(sink, email).length === 1);
      assert.equal((await dataRecord(ctx, team.company, String(created.request_id))).employee.email, team.agent.email);
    } finally {
      customer.data.attributes.emails[0].email = customerEmail;
    }
  });
});
