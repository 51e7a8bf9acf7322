import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { zendeskAdapter } from '../src/modules/connections/adapters/zendesk.ts';
import { channelForVia } from '../src/modules/connections/adapters/zendesk/channels.ts';
import { MISSING_CREDENTIALS } from '../src/modules/connections/adapters/zendesk/ticket-lookup.ts';
import type { Connection, EventReading, InboundEvent, LookupResult } from '../src/modules/connections/connection.types.ts';
import { createHelpdeskClient, LookupError } from '../src/modules/connections/helpdesk-client.ts';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import { eventually, startMailingApp } from './helpers/survey.ts';
import type { TestContext } from './helpers/test-app.ts';
import { startZendeskSimulator, zendeskFixture, zendeskWebhookHeaders, type ZendeskSimulator } from './helpers/zendesk-simulator.ts';

const SECRET = 'dGhpcyBpcyBhIHNpZ25pbmcgc2VjcmV0';
const API_USER = 'admin@acme.example';
const API_TOKEN = 'z3nd3skT0ken';

function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 1,
    companyId: 1,
    publicId: 'pub_zendesk',
    kind: 'zendesk',
    name: 'Zendesk',
    apiBase: null,
    apiUser: null,
    apiToken: null,
    signingSecret: SECRET,
    options: {},
    createdAt: Date.now(),
    ...overrides,
  };
}

function inbound(body: unknown, headers: Record<string, string> = {}, receivedAt = Date.now()): InboundEvent {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  return { rawBody: Buffer.from(raw, 'utf8'), body: parsed, headers, receivedAt };
}

function signed(body: unknown, secret = SECRET, signedAt = new Date()): InboundEvent {
  const raw = JSON.stringify(body);
  return inbound(raw, zendeskWebhookHeaders(raw, secret, signedAt));
}

function lookupOf(reading: EventReading) {
  assert.equal(reading.action, 'request');
  assert.ok('lookup' in reading, 'the reading looks the ticket up');
  return reading.lookup;
}

describe('Zendesk signature (X-Zendesk-Webhook-Signature)', () => {
  test('a request signed with the signing secret over timestamp + raw body is authentic', () => {
    assert.equal(zendeskAdapter.verify(connection(), signed(zendeskFixture('trigger-ticket-solved.json'))), null);
  });

  test('a known signature: base64 HMAC-SHA256 of the timestamp followed by the body', () => {
    // Computed independently: printf '%s%s' '2024-04-17T17:18:10Z' '{"a":1}' | openssl dgst -sha256 -hmac secret -binary | base64
    const headers = { 'x-zendesk-webhook-signature-timestamp': '2024-04-17T17:18:10Z', 'x-zendesk-webhook-signature': '8iM+oBXTtDxQEp8+cUGg3FSJztBudRDYRgQNbnwbjPs=' };
    const event = inbound('{"a":1}', headers, Date.parse('2024-04-17T17:20:00Z'));
    assert.equal(zendeskAdapter.verify(connection({ signingSecret: 'secret' }), event), null);
  });

  test('a wrong secret, a changed body, missing headers and an old timestamp are refused with a reason', () => {
    const body = zendeskFixture('trigger-ticket-solved.json');
    assert.match(zendeskAdapter.verify(connection(), signed(body, 'another secret')) ?? '', /does not match/);
    const tampered = signed(body);
    const changed = inbound(JSON.stringify(body).replace('sam.agent', 'eve.agent'), tampered.headers as Record<string, string>);
    assert.match(zendeskAdapter.verify(connection(), changed) ?? '', /does not match/);
    assert.match(zendeskAdapter.verify(connection(), inbound(body)) ?? '', /missing X-Zendesk-Webhook-Signature header/);
    const noTimestamp = signed(body);
    delete noTimestamp.headers['x-zendesk-webhook-signature-timestamp'];
    assert.match(zendeskAdapter.verify(connection(), noTimestamp) ?? '', /Timestamp/);
    assert.match(zendeskAdapter.verify(connection(), signed(body, SECRET, new Date(Date.now() - 2 * 3600_000))) ?? '', /more than an hour/);
  });

  test('a retry signed 30 minutes ago is still accepted (Zendesk retries; redelivery sends nothing twice)', () => {
    assert.equal(zendeskAdapter.verify(connection(), signed({ ticket: { id: '1' } }, SECRET, new Date(Date.now() - 30 * 60_000))), null);
  });

  test('without a signing secret every request is accepted: the URL is the secret', () => {
    assert.equal(zendeskAdapter.verify(connection({ signingSecret: null }), inbound({ ticket: { id: '1' } })), null);
  });
});

describe('Zendesk trigger body', () => {
  test('the fixture becomes the request: customer, agent, channel, brand, tags, ticket id and link', () => {
    const reading = zendeskAdapter.read(connection(), signed(zendeskFixture('trigger-ticket-solved.json')));
    assert.deepEqual(reading, {
      action: 'request',
      eventType: 'trigger:ticket.solved',
      eventKey: '35436',
      draft: {
        customer: { email: 'jane.customer@example.com', name: 'Jane Customer' },
        employee: { email: 'sam.agent@example.com' },
        channel: 'email',
        brand: 'Acme',
        tags: ['vip', 'returns'],
        ext_interaction_id: '35436',
        external_url: 'https://acme.zendesk.com/agent/tickets/35436',
        language: 'en',
      },
    });
  });

  test('via descriptions and via types map to email, chat and phone; unknown ones pass through', () => {
    const cases: [string, string | undefined][] = [
      ['Web Form', 'email'], ['Email', 'email'], ['Mail', 'email'], ['Web service (API)', 'email'],
      ['Chat', 'chat'], ['Messaging', 'chat'], ['native_messaging', 'chat'], ['Text message', 'chat'],
      ['Phone call (incoming)', 'phone'], ['Phone call (outbound)', 'phone'], ['Voicemail', 'phone'], ['voice', 'phone'],
      ['Carrier pigeon', 'Carrier pigeon'], ['', undefined],
    ];
    for (const [via, channel] of cases) assert.equal(channelForVia(via), channel, via);
  });

  test('do_not_send tags are passed on for the core; tags split on spaces', () => {
    const body = zendeskFixture('trigger-ticket-solved.json');
    body.ticket.tags = 'billing  do_not_send_stella';
    const reading = zendeskAdapter.read(connection(), signed(body));
    assert.ok(reading.action === 'request' && 'draft' in reading);
    assert.deepEqual(reading.draft.tags, ['billing', 'do_not_send_stella']);
  });

  test('a link with its scheme is kept; a language given as a tag is kept', () => {
    const body = zendeskFixture('trigger-ticket-solved.json');
    body.ticket.link = 'https://help.acme.example/agent/tickets/35436';
    body.ticket.requester.language = 'German (Germany)';
    const reading = zendeskAdapter.read(connection(), signed(body));
    assert.ok(reading.action === 'request' && 'draft' in reading);
    assert.equal(reading.draft.external_url, 'https://help.acme.example/agent/tickets/35436');
    assert.equal(reading.draft.language, 'de');
  });

  test('an unsolved status, an unassigned ticket and unrendered placeholders are skipped with a reason', () => {
    const open = zendeskFixture('trigger-ticket-solved.json');
    open.ticket.status = 'Open';
    assert.deepEqual(zendeskAdapter.read(connection(), signed(open)), { action: 'skip', eventType: 'trigger:ticket.solved', reason: 'ticket status is Open, not solved', eventKey: '35436' });
    const unassigned = zendeskFixture('trigger-ticket-solved.json');
    unassigned.ticket.assignee.email = '';
    assert.deepEqual(zendeskAdapter.read(connection(), signed(unassigned)), { action: 'skip', eventType: 'trigger:ticket.solved', reason: 'the ticket has no assignee', eventKey: '35436' });
    const raw = JSON.parse(zendeskAdapter.setup(connection(), 'https://x.example/inbound/1').snippets[0].text);
    const reading = zendeskAdapter.read(connection(), signed(raw));
    assert.equal(reading.action, 'skip');
    assert.match((reading as { reason: string }).reason, /no ticket.id/);
  });

  test('a body that is neither a trigger body nor a Zendesk event is skipped', () => {
    const reading = zendeskAdapter.read(connection(), inbound('not json'));
    assert.equal(reading.action, 'skip');
    assert.equal(zendeskAdapter.read(connection(), inbound({ hello: 'world' })).action, 'skip');
  });

  test("sample(person) is a trigger body naming the person as customer and agent", () => {
    const reading = zendeskAdapter.read(connection(), inbound(zendeskAdapter.sample({ email: 'pat@acme.example', name: 'Pat' })));
    assert.ok(reading.action === 'request' && 'draft' in reading);
    assert.deepEqual(reading.draft.customer, { email: 'pat@acme.example', name: 'Pat' });
    assert.deepEqual(reading.draft.employee, { email: 'pat@acme.example' });
    assert.equal(reading.draft.channel, 'email');
  });
});

describe('Zendesk native events (zen:event-type:ticket.status_changed)', () => {
  let zendesk: ZendeskSimulator;
  const withApi = () => connection({ apiBase: zendesk.apiBase, apiUser: API_USER, apiToken: API_TOKEN });
  const clientFor = (c: Connection) => createHelpdeskClient(c.apiBase ?? '', zendeskAdapter.apiHeaders(c), { allowPrivateNetworks: true, timeoutMs: 2000 });

  before(async () => {
    zendesk = await startZendeskSimulator({ email: API_USER, token: API_TOKEN });
    zendesk.tickets.set('5158', zendeskFixture('api-ticket-with-sideloads.json'));
  });
  after(() => zendesk.close());

  test('a change to SOLVED is looked up through the API with token authentication', async () => {
    zendesk.requests.length = 0;
    const c = withApi();
    const reading = zendeskAdapter.read(c, signed(zendeskFixture('event-ticket-status-changed.json')));
    assert.equal(reading.eventType, 'zen:event-type:ticket.status_changed');
    assert.equal(reading.action === 'request' && reading.eventKey, '5158');
    const result = await lookupOf(reading)(clientFor(c));
    assert.deepEqual(result, {
      draft: {
        customer: { email: 'jane.customer@example.com', name: 'Jane Customer' },
        employee: { email: 'sam.agent@example.com' },
        channel: 'chat',
        brand: 'Acme',
        tags: ['mobile', 'login'],
        ext_interaction_id: '5158',
        external_url: `${zendesk.apiBase}/agent/tickets/5158`,
        language: 'en-US',
      },
    } satisfies LookupResult);
    assert.deepEqual(zendesk.requests, [{ path: '/api/v2/tickets/5158.json?include=users,brands', authorized: true }]);
  });

  test('users and brands missing from the sideloads are fetched from their endpoints', async () => {
    const entry = zendeskFixture('api-ticket-with-sideloads.json');
    entry.ticket.id = 7001;
    zendesk.tickets.set('7001', { ...entry, users: [], brands: [] });
    zendesk.requests.length = 0;
    const event = zendeskFixture('event-ticket-status-changed.json');
    event.detail.id = '7001';
    const c = withApi();
    const result = await lookupOf(zendeskAdapter.read(c, signed(event)))(clientFor(c));
    assert.ok('draft' in result);
    assert.equal(result.draft.customer.email, 'jane.customer@example.com');
    assert.equal(result.draft.employee.email, 'sam.agent@example.com');
    assert.equal(result.draft.brand, 'Acme');
    assert.deepEqual(zendesk.requests.map((r) => r.path), [
      '/api/v2/tickets/7001.json?include=users,brands',
      '/api/v2/users/20978392.json',
      '/api/v2/users/235323.json',
      '/api/v2/brands/360000123.json',
    ]);
  });

  test('other statuses and other events are skipped; a ticket reopened by lookup time is skipped', async () => {
    const pending = zendeskFixture('event-ticket-status-changed.json');
    pending.event.current = 'PENDING';
    pending.detail.status = 'PENDING';
    assert.deepEqual(zendeskAdapter.read(withApi(), signed(pending)), {
      action: 'skip', eventType: 'zen:event-type:ticket.status_changed', reason: 'status changed to PENDING, not solved', eventKey: '5158',
    });
    const comment = zendeskFixture('event-ticket-status-changed.json');
    comment.type = 'zen:event-type:ticket.comment_added';
    assert.equal(zendeskAdapter.read(withApi(), signed(comment)).action, 'skip');
    const user = { type: 'zen:event-type:user.active_changed', subject: 'zen:user:1', detail: { id: '1' }, event: { current: false } };
    assert.deepEqual(zendeskAdapter.read(withApi(), signed(user)), { action: 'skip', eventType: 'zen:event-type:user.active_changed', reason: 'not a ticket event' });

    const reopened = zendeskFixture('api-ticket-with-sideloads.json');
    reopened.ticket.status = 'open';
    zendesk.tickets.set('7003', reopened);
    const event = zendeskFixture('event-ticket-status-changed.json');
    event.detail.id = '7003';
    const c = withApi();
    assert.deepEqual(await lookupOf(zendeskAdapter.read(c, signed(event)))(clientFor(c)), { skip: 'the ticket is open again' });
  });

  test('Zendesk answering 503 is a transient lookup error (retried); a wrong token is final', async () => {
    const c = withApi();
    const lookup = lookupOf(zendeskAdapter.read(c, signed(zendeskFixture('event-ticket-status-changed.json'))));
    zendesk.failNext = 1;
    await assert.rejects(lookup(clientFor(c)), (error: unknown) => error instanceof LookupError && error.transient && /503/.test(error.message));
    assert.ok('draft' in (await lookup(clientFor(c))), 'the retry succeeds');
    const wrong = connection({ apiBase: zendesk.apiBase, apiUser: API_USER, apiToken: 'wrong' });
    await assert.rejects(lookup(clientFor(wrong)), (error: unknown) => error instanceof LookupError && !error.transient && /401/.test(error.message));
  });

  test('a native event on a connection without API credentials fails with a clear reason', async () => {
    const c = connection();
    const lookup = lookupOf(zendeskAdapter.read(c, signed(zendeskFixture('event-ticket-status-changed.json'))));
    await assert.rejects(lookup(createHelpdeskClient('http://127.0.0.1:9', {}, { allowPrivateNetworks: true, timeoutMs: 500 })), (error: unknown) =>
      error instanceof LookupError && !error.transient && error.message === MISSING_CREDENTIALS);
  });
});

describe('Zendesk connection settings and setup guide', () => {
  test('API credentials are optional but go together; the API base is a URL', () => {
    assert.deepEqual(zendeskAdapter.validate(connection()), []);
    assert.deepEqual(zendeskAdapter.validate(connection({ apiBase: 'https://acme.zendesk.com', apiUser: API_USER, apiToken: API_TOKEN })), []);
    assert.match(zendeskAdapter.validate(connection({ apiBase: 'https://acme.zendesk.com' })).join(), /go together/);
    assert.match(zendeskAdapter.validate(connection({ apiBase: 'acme', apiUser: API_USER, apiToken: API_TOKEN })).join(), /http or https URL/);
  });

  test('API token authentication: basic auth of {email}/token:{token}', () => {
    const headers = zendeskAdapter.apiHeaders(connection({ apiUser: API_USER, apiToken: API_TOKEN }));
    assert.equal(headers.authorization, `Basic ${Buffer.from(`${API_USER}/token:${API_TOKEN}`).toString('base64')}`);
    assert.deepEqual(zendeskAdapter.apiHeaders(connection()), {});
  });

  test('the guide names the inbound URL, the trigger condition and the exact body with its placeholders', () => {
    const guide = zendeskAdapter.setup(connection({ signingSecret: null }), 'https://feedback.acme.example/inbound/pub_zendesk');
    const text = guide.steps.join('\n');
    assert.match(text, /https:\/\/feedback\.acme\.example\/inbound\/pub_zendesk/);
    assert.match(text, /Changed to \| Solved/);
    assert.match(text, /the unguessable URL above is the only secret/);
    assert.match(text, /--api-token/);
    assert.equal(guide.snippets[0].language, 'json');
    const body = JSON.parse(guide.snippets[0].text);
    for (const placeholder of ['{{ticket.requester.email}}', '{{ticket.requester.name}}', '{{ticket.assignee.email}}', '{{ticket.id}}', '{{ticket.link}}', '{{ticket.via}}', '{{ticket.brand.name}}', '{{ticket.tags}}']) {
      assert.ok(guide.snippets[0].text.includes(placeholder), placeholder);
    }
    assert.equal(body.ticket.id, '{{ticket.id}}');
    assert.equal(zendeskAdapter.secretSource, 'helpdesk');
  });
});

describe('Zendesk end to end: a CLI connection, signed events, the survey email and /v2/data', () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let close: () => Promise<void>;
  let zendesk: ZendeskSimulator;
  let company: Awaited<ReturnType<typeof createCompany>>;
  let agentEmail: string;
  let created: { id: string; kind: string; name: string; inbound_url: string; signing_secret: string };

  before(async () => {
    ({ ctx, sink, close } = await startMailingApp({ PUBLIC_URL: 'https://feedback.example', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }));
    zendesk = await startZendeskSimulator({ email: API_USER, token: API_TOKEN });
    company = await createCompany(ctx.services, { brands: ['Acme', 'Globex'] });
    agentEmail = (await createEmployee(ctx.services, company.id, { email: `${uniqueName('sam.')}@acme.example` })).email;
    const added = await runCli(ctx.env, 'connection', 'add', '--company', company.subdomain, '--kind', 'zendesk', '--name', 'Acme Zendesk',
      '--api-base', zendesk.apiBase, '--api-user', API_USER, '--api-token', API_TOKEN, '--signing-secret', SECRET, '--json');
    assert.equal(added.code, 0, added.stderr);
    created = JSON.parse(added.stdout);
  });
  after(async () => {
    await close();
    await zendesk.close();
  });

  const inboundPath = () => new URL(created.inbound_url).pathname;
  const post = (raw: string, headers: Record<string, string>) => ctx.app.inject({ method: 'POST', url: inboundPath(), payload: raw, headers });
  const postSigned = (body: unknown, secret = SECRET) => {
    const raw = JSON.stringify(body);
    return post(raw, zendeskWebhookHeaders(raw, secret));
  };
  const mailsTo = (email: string) => sink.received.filter((mail) => mail.envelopeTo.includes(email));
  const interaction = async (requestId: string) =>
    eventually(async () => (await ctx.as(company).get('/v2/data?limit=1000')).json().find((row: { uuid: string }) => row.uuid === requestId));

  function triggerBody(ticketId: string, customerEmail: string) {
    const body = zendeskFixture('trigger-ticket-solved.json');
    body.ticket.id = ticketId;
    body.ticket.link = `acme.zendesk.com/agent/tickets/${ticketId}`;
    body.ticket.requester.email = customerEmail;
    body.ticket.assignee.email = agentEmail;
    return body;
  }

  function nativeEvent(ticketId: string, customerEmail: string) {
    const ticket = zendeskFixture('api-ticket-with-sideloads.json');
    ticket.ticket.id = Number(ticketId);
    ticket.users[0].email = customerEmail;
    ticket.users[1].email = agentEmail;
    zendesk.tickets.set(ticketId, ticket);
    const event = zendeskFixture('event-ticket-status-changed.json');
    event.detail.id = ticketId;
    event.subject = `zen:ticket:${ticketId}`;
    return event;
  }

  test('the CLI prints the connection with its inbound URL under PUBLIC_URL and the signing secret given', () => {
    assert.equal(created.kind, 'zendesk');
    assert.match(created.inbound_url, /^https:\/\/feedback\.example\/inbound\/[A-Za-z0-9_-]{16,}$/);
    assert.equal(created.signing_secret, SECRET);
  });

  test('a signed trigger body creates the request: email sent, interaction with agent, customer, channel, brand, tags, ticket id; redelivery sends nothing', async () => {
    const customer = `${uniqueName('jane.')}@example.com`;
    const body = triggerBody('35436', customer);
    const answer = await postSigned(body);
    assert.equal(answer.statusCode, 200, answer.body);
    const { status, request_id: requestId } = answer.json();
    assert.equal(status, 'created');
    await eventually(async () => mailsTo(customer).length === 1);

    const row = await interaction(requestId);
    assert.equal(row.employee.email, agentEmail);
    assert.equal(row.customer.email, customer);
    assert.equal(row.customer.full_name, 'Jane Customer');
    assert.equal(row.channel, 'email');
    assert.equal(row.branding, 'Acme');
    assert.deepEqual(row.tags, ['vip', 'returns']);
    assert.equal(row.ext_interaction_id, '35436');
    assert.equal(row.external_url, 'https://acme.zendesk.com/agent/tickets/35436');

    const again = await postSigned(body);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { status: 'duplicate', request_id: requestId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(mailsTo(customer).length, 1, 'a redelivered event sends nothing twice');
    const [logged] = (await ctx.services.connections.events(company.id, Number(created.id))).filter((e) => e.event_key === '35436');
    assert.equal(logged.status, 'created');
    assert.equal(logged.event_type, 'trigger:ticket.solved');
    assert.equal(logged.request_id, requestId);
    assert.equal(logged.deliveries, 2);
  });

  test('a ticket tagged do_not_send_stella is recorded without a survey', async () => {
    const customer = `${uniqueName('quiet.')}@example.com`;
    const body = triggerBody('35500', customer);
    body.ticket.tags = 'vip do_not_send_stella';
    const answer = await postSigned(body);
    assert.equal(answer.statusCode, 200, answer.body);
    const row = await interaction(answer.json().request_id);
    assert.deepEqual(row.tags, ['vip', 'do_not_send_stella']);
    assert.equal(row.ext_interaction_id, '35500');
    assert.equal(row.request_delivery_status, 'Do Not Send');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(mailsTo(customer).length, 0);
  });

  test('a signed native status_changed event is looked up through the API and creates the request', async () => {
    const customer = `${uniqueName('native.')}@example.com`;
    zendesk.requests.length = 0;
    const answer = await postSigned(nativeEvent('5158', customer));
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.json().status, 'created');
    assert.ok(zendesk.requests.every((request) => request.authorized), 'lookups use API token authentication');
    await eventually(async () => mailsTo(customer).length === 1);
    const row = await interaction(answer.json().request_id);
    assert.equal(row.employee.email, agentEmail);
    assert.equal(row.customer.email, customer);
    assert.equal(row.channel, 'chat');
    assert.equal(row.branding, 'Acme');
    assert.deepEqual(row.tags, ['mobile', 'login']);
    assert.equal(row.ext_interaction_id, '5158');
    assert.equal(row.external_url, `${zendesk.apiBase}/agent/tickets/5158`);

    const pending = nativeEvent('5159', customer);
    pending.event.current = 'PENDING';
    const skipped = await postSigned(pending);
    assert.equal(skipped.statusCode, 202, skipped.body);
    assert.deepEqual(skipped.json(), { status: 'skipped', reason: 'status changed to PENDING, not solved' });
  });

  test('a dry run of a native event (CLI --body) shows the request the lookup makes, storing nothing', async () => {
    const customer = `${uniqueName('dry.')}@example.com`;
    const file = join(mkdtempSync(join(tmpdir(), 'zendesk-')), 'event.json');
    writeFileSync(file, JSON.stringify(nativeEvent('5300', customer)));
    const tried = await runCli(ctx.env, 'connection', 'test', '--company', company.subdomain, created.id, '--body', file, '--dry-run', '--json');
    assert.equal(tried.code, 0, tried.stderr);
    const result = JSON.parse(tried.stdout);
    assert.equal(result.outcome, 'request', tried.stdout);
    assert.equal(result.event_type, 'zen:event-type:ticket.status_changed');
    assert.deepEqual(result.request.employee, { email: agentEmail });
    assert.equal(result.request.customer.email, customer);
    assert.equal(result.request.channel, 'chat');
    assert.equal(result.request.brand, 'Acme');
    const rows = (await ctx.as(company).get('/v2/data?limit=1000')).json();
    assert.equal(rows.filter((row: { ext_interaction_id: string }) => row.ext_interaction_id === '5300').length, 0);
  });

  test('a bad signature is refused 401 and logged as unauthorized', async () => {
    const customer = `${uniqueName('forged.')}@example.com`;
    const answer = await postSigned(triggerBody('40001', customer), 'not the signing secret');
    assert.equal(answer.statusCode, 401, answer.body);
    const unsigned = await post(JSON.stringify(triggerBody('40002', customer)), { 'content-type': 'application/json' });
    assert.equal(unsigned.statusCode, 401, unsigned.body);
    const shown = await runCli(ctx.env, 'connection', 'show', '--company', company.subdomain, created.id, '--json');
    assert.equal(shown.code, 0, shown.stderr);
    const unauthorized = JSON.parse(shown.stdout).events.filter((e: { status: string }) => e.status === 'unauthorized');
    assert.deepEqual(unauthorized.map((e: { detail: string }) => e.detail).sort(), [
      'X-Zendesk-Webhook-Signature does not match (check the signing secret)',
      'missing X-Zendesk-Webhook-Signature header',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(mailsTo(customer).length, 0);
  });

  test('Zendesk answering 503 to the lookup: 202 pending, then the outbox retries and the request is created', async () => {
    const customer = `${uniqueName('retry.')}@example.com`;
    zendesk.failNext = 2;
    const answer = await postSigned(nativeEvent('6001', customer));
    assert.equal(answer.statusCode, 202, answer.body);
    assert.equal(answer.json().status, 'pending');
    const [mail] = await eventually(async () => (mailsTo(customer).length === 1 ? mailsTo(customer) : null), 15_000);
    assert.ok(mail);
    assert.equal(zendesk.failNext, 0);
    const row = await eventually(async () => (await ctx.as(company).get('/v2/data?limit=1000')).json().find((r: { ext_interaction_id: string }) => r.ext_interaction_id === '6001'));
    assert.equal(row.employee.email, agentEmail);
    assert.equal(row.customer.email, customer);
  });

  test('API credentials go together; without them trigger bodies work and a native event fails with its reason', async () => {
    const refused = await runCli(ctx.env, 'connection', 'add', '--company', company.subdomain, '--kind', 'zendesk', '--name', 'Half', '--api-base', zendesk.apiBase);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /api_base, api_user and api_token go together/);

    const solo = await createCompany(ctx.services, { brands: ['Solo'] });
    const agent = (await createEmployee(ctx.services, solo.id)).email;
    const added = await runCli(ctx.env, 'connection', 'add', '--company', solo.subdomain, '--kind', 'zendesk', '--name', 'Triggers only', '--json');
    assert.equal(added.code, 0, added.stderr);
    const plain = JSON.parse(added.stdout);
    assert.equal(plain.signing_secret, null, 'Zendesk makes the signing secret: none is generated');
    const url = new URL(plain.inbound_url).pathname;

    const event = zendeskFixture('event-ticket-status-changed.json');
    const failed = await ctx.app.inject({ method: 'POST', url, payload: JSON.stringify(event), headers: { 'content-type': 'application/json' } });
    assert.equal(failed.statusCode, 202, failed.body);
    assert.equal(failed.json().status, 'failed');
    assert.match(failed.json().reason, /api_base/);

    const customer = `${uniqueName('solo.')}@example.com`;
    const body = zendeskFixture('trigger-ticket-solved.json');
    body.ticket.requester.email = customer;
    body.ticket.assignee.email = agent;
    body.ticket.brand = 'Acme';
    body.ticket.via = 'Phone call (incoming)';
    // A company with one brand takes the request under it whatever Zendesk calls the brand.
    const createdAnswer = await ctx.app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assert.equal(createdAnswer.statusCode, 200, createdAnswer.body);
    await eventually(async () => mailsTo(customer).length === 1);
    const row = await eventually(async () => (await ctx.as(solo).get('/v2/data')).json().find((r: { uuid: string }) => r.uuid === createdAnswer.json().request_id));
    assert.equal(row.channel, 'phone');
    assert.equal(row.branding, 'Solo');

    const sample = await runCli(ctx.env, 'connection', 'test', '--company', solo.subdomain, String(plain.id), '--as', agent, '--json');
    assert.equal(sample.code, 0, sample.stderr);
    assert.equal(JSON.parse(sample.stdout).outcome, 'created', sample.stdout);
  });
});
