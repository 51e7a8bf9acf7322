import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { intercomSignature } from '../src/modules/connections/adapters/intercom/signature.ts';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { addConnection, connectionEvents, dataRecord, mailCountAfterSettling, mailTo, postInbound, startHelpdeskWorld, type AddedConnection } from './helpers/helpdesk-world.ts';
import { intercomFixture, startIntercomApi, type IntercomApi } from './helpers/intercom-api.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import { eventually } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';

const CLIENT_SECRET = 'intercom-app-client-secret-7d1f0c';
const ADMIN_ID = '7312458';

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
let api: IntercomApi;
let company: CompanyCredentials;
let agentEmail: string;
let connection: AddedConnection;

before(async () => {
  ({ ctx, sink, close } = await startHelpdeskWorld());
  api = await startIntercomApi();
  company = await createCompany(ctx.services, { brands: ['acme'] });
  agentEmail = (await createEmployee(ctx.services, company.id, { firstName: 'Sam', lastName: 'Agent' })).email;
  api.admins.set(ADMIN_ID, { ...intercomFixture('admin.json'), email: agentEmail });
  connection = await addConnection(ctx, company, '--kind', 'intercom', '--name', 'Intercom', '--api-base', api.url, '--api-token', api.token, '--signing-secret', CLIENT_SECRET);
});
after(async () => {
  await close();
  await api.close();
});

/** A new conversation closed by the admin, its contact known to the simulated API; the notification's raw body. */
function closedConversation(change: (item: Record<string, any>) => void = () => {}): { raw: string; conversationId: string; customer: string } {
  const conversationId = String(215_470_000_000_000 + Math.floor(Math.random() * 1e9));
  const contactId = uniqueName('contact');
  const customer = `${uniqueName('customer.')}@example.com`;
  api.contacts.set(contactId, { ...intercomFixture('contact.json'), id: contactId, email: customer, external_id: `ext-${contactId}` });
  const notification = intercomFixture<Record<string, any>>('conversation-admin-closed.json');
  const item = notification.data.item;
  item.id = conversationId;
  item.contacts.contacts[0].id = contactId;
  item.source.author.id = contactId;
  change(item);
  return { raw: JSON.stringify(notification), conversationId, customer };
}

const signedHeaders = (raw: string, secret = CLIENT_SECRET) => ({ 'x-hub-signature': intercomSignature(secret, Buffer.from(raw)) });

describe('Intercom connection, end to end', () => {
  it("conversation.admin.closed: the contact's email looked up, the email at the SMTP sink, the interaction in /v2/data", async () => {
    const { raw, conversationId, customer } = closedConversation();
    const calls = api.calls.length;
    const answer = await postInbound(ctx, connection, raw, signedHeaders(raw));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'created');
    const requestId = String(answer.body.request_id);
    const lookups = api.calls.slice(calls);
    assert.deepEqual(lookups.map((call) => call.path).sort(), [`/admins/${ADMIN_ID}`, `/contacts/${JSON.parse(raw).data.item.contacts.contacts[0].id}`].sort());
    assert.ok(lookups.every((call) => call.authorization === `Bearer ${api.token}` && call.version));

    await mailTo(sink, customer);
    const record = await dataRecord(ctx, company, requestId);
    assert.equal(record.employee.email, agentEmail);
    assert.equal(record.customer.email, customer);
    assert.equal(record.customer.full_name, 'Jane Customer');
    assert.match(record.customer.custom_id, /^ext-contact/);
    assert.equal(record.channel, 'chat');
    assert.equal(record.branding, 'acme');
    assert.deepEqual(record.tags, ['billing']);
    assert.equal(record.ext_interaction_id, conversationId);
    assert.equal(record.external_url, `https://app.intercom.com/a/inbox/ecahpwf5/inbox/conversation/${conversationId}`);

    // Intercom redelivers, or the conversation is reopened and closed again: nothing is sent twice.
    const again = await postInbound(ctx, connection, raw, signedHeaders(raw));
    assert.deepEqual(again.body, { status: 'duplicate', request_id: requestId });
    assert.equal(await mailCountAfterSettling(sink, customer), 1);
  });

  it('an email conversation maps to the email channel', async () => {
    const { raw, customer } = closedConversation((item) => {
      item.source.type = 'email';
    });
    const answer = await postInbound(ctx, connection, raw, signedHeaders(raw));
    assert.equal(answer.body.status, 'created', JSON.stringify(answer.body));
    await mailTo(sink, customer);
    assert.equal((await dataRecord(ctx, company, String(answer.body.request_id))).channel, 'email');
  });

  it('a bad or missing X-Hub-Signature is refused 401 and logged; nothing is looked up or sent', async () => {
    const { raw, customer } = closedConversation();
    const calls = api.calls.length;
    assert.equal((await postInbound(ctx, connection, raw, signedHeaders(raw, 'another-apps-secret'))).status, 401);
    assert.equal((await postInbound(ctx, connection, raw)).status, 401);
    const tampered = raw.replace(ADMIN_ID, '1');
    assert.equal((await postInbound(ctx, connection, tampered, signedHeaders(raw))).status, 401);
    assert.equal(api.calls.length, calls);
    const unauthorized = (await connectionEvents(ctx, company, connection)).filter((event) => event.status === 'unauthorized');
    assert.ok(unauthorized.length >= 3);
    assert.match(unauthorized.map((event) => event.detail).join('\n'), /X-Hub-Signature/);
    assert.equal(await mailCountAfterSettling(sink, customer, 300), 0);
  });

  it("Intercom's ping is answered and logged as skipped", async () => {
    const raw = JSON.stringify(intercomFixture('ping.json'));
    const answer = await postInbound(ctx, connection, raw, signedHeaders(raw));
    assert.equal(answer.status, 202);
    assert.equal(answer.body.status, 'skipped');
    const [logged] = await connectionEvents(ctx, company, connection);
    assert.equal(logged.event_type, 'ping');
  });

  it('no survey when a bot (Fin) closed the conversation or it is tagged do_not_send_stella', async () => {
    const byBot = closedConversation((item) => {
      const bot = intercomFixture<Record<string, any>>('conversation-closed-by-bot.json').data.item;
      item.admin_assignee_id = bot.admin_assignee_id;
      item.teammates = bot.teammates;
      item.conversation_parts = bot.conversation_parts;
    });
    const skipped = await postInbound(ctx, connection, byBot.raw, signedHeaders(byBot.raw));
    assert.equal(skipped.status, 202, JSON.stringify(skipped.body));
    assert.equal(skipped.body.status, 'skipped');
    const [logged] = await connectionEvents(ctx, company, connection);
    assert.match(logged.detail ?? '', /bot \(Fin\)/);

    const tagged = closedConversation((item) => {
      item.tags.tags.push({ type: 'tag', id: '99', name: 'do_not_send_stella' });
    });
    const recorded = await postInbound(ctx, connection, tagged.raw, signedHeaders(tagged.raw));
    assert.equal(recorded.body.status, 'created', JSON.stringify(recorded.body));
    const record = await dataRecord(ctx, company, String(recorded.body.request_id));
    assert.deepEqual(record.tags, ['billing', 'do_not_send_stella']);
    assert.equal(await mailCountAfterSettling(sink, byBot.customer, 0), 0);
    assert.equal(await mailCountAfterSettling(sink, tagged.customer), 0);
  });

  it('while Intercom answers 503 the event waits (202 pending) and the outbox retries it until the survey goes out', async () => {
    const { raw, conversationId, customer } = closedConversation();
    api.failNext(1);
    const answer = await postInbound(ctx, connection, raw, signedHeaders(raw));
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'pending');
    await mailTo(sink, customer);
    const logged = await eventually(async () => (await connectionEvents(ctx, company, connection)).find((event) => event.event_key === conversationId && event.status === 'created'));
    assert.ok(logged.request_id);
    assert.ok(logged.attempts >= 2, `attempts ${logged.attempts}`);
    assert.ok(api.calls.some((call) => call.status === 503));
    const record = await dataRecord(ctx, company, logged.request_id);
    assert.equal(record.customer.email, customer);
    assert.equal(record.employee.email, agentEmail);
    assert.equal(await mailCountAfterSettling(sink, customer), 1);
  });

  it("connection test sends the sample through Intercom's API (checking the token) as a test request", async () => {
    const calls = api.calls.length;
    const result = await runCli(ctx.env, 'connection', 'test', '--company', company.subdomain, String(connection.id), '--as', agentEmail, '--json');
    assert.equal(result.code, 0, result.stderr);
    const tried = JSON.parse(result.stdout);
    assert.equal(tried.outcome, 'created', result.stdout);
    assert.ok(tried.request_id);
    const lookups = api.calls.slice(calls);
    assert.equal(lookups.length, 2);
    assert.ok(lookups.every((call) => call.authorization === `Bearer ${api.token}` && call.status === 404));
    const [logged] = await connectionEvents(ctx, company, connection);
    assert.equal(logged.is_test, true);
    assert.equal(logged.status, 'created');
  });
});
