import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection, EventReading, InboundEvent, LookupResult } from '../src/modules/connections/connection.types.ts';
import { createHelpdeskClient, LookupError } from '../src/modules/connections/helpdesk-client.ts';
import { intercomAdapter } from '../src/modules/connections/adapters/intercom.ts';
import { channelOfIntercomSource } from '../src/modules/connections/adapters/intercom/notification.ts';
import { intercomSignature } from '../src/modules/connections/adapters/intercom/signature.ts';
import { intercomFixture, startIntercomApi, type IntercomApi } from './helpers/intercom-api.ts';

const CLIENT_SECRET = 'c1i3nt-s3cr3t-of-the-intercom-app';

function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 1,
    companyId: 1,
    publicId: 'pub',
    kind: 'intercom',
    name: 'Intercom',
    apiBase: 'https://api.intercom.io',
    apiUser: null,
    apiToken: 'token',
    signingSecret: CLIENT_SECRET,
    options: {},
    createdAt: 0,
    ...overrides,
  };
}

function signed(body: unknown, secret = CLIENT_SECRET): InboundEvent {
  const rawBody = Buffer.from(JSON.stringify(body));
  return { rawBody, body, headers: { 'x-hub-signature': intercomSignature(secret, rawBody) }, receivedAt: Date.now() };
}

function lookupOf(reading: EventReading): (client: ReturnType<typeof createHelpdeskClient>) => Promise<LookupResult> {
  assert.equal(reading.action, 'request');
  if (reading.action !== 'request' || !('lookup' in reading)) throw new Error('expected a reading with a lookup');
  return reading.lookup;
}

describe('Intercom adapter: verify', () => {
  const body = intercomFixture('conversation-admin-closed.json');

  it('accepts X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body keyed by the client secret>', () => {
    const event = signed(body);
    assert.match(event.headers['x-hub-signature'] ?? '', /^sha1=[0-9a-f]{40}$/);
    assert.equal(intercomAdapter.verify(connection(), event), null);
  });

  it('refuses a missing signature, another secret, and a body changed after signing', () => {
    assert.match(intercomAdapter.verify(connection(), { ...signed(body), headers: {} }) ?? '', /missing/);
    assert.match(intercomAdapter.verify(connection(), signed(body, 'another-secret')) ?? '', /does not match/);
    const tampered = signed(body);
    tampered.rawBody = Buffer.from(tampered.rawBody.toString('utf8').replace('7312458', '7312459'));
    assert.notEqual(intercomAdapter.verify(connection(), tampered), null);
    assert.notEqual(intercomAdapter.verify(connection({ signingSecret: null }), signed(body)), null);
  });

  it('needs an API base, an API token and the client secret', () => {
    assert.deepEqual(intercomAdapter.validate(connection()), []);
    const problems = intercomAdapter.validate(connection({ apiBase: null, apiToken: null, signingSecret: null }));
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /api_base[\s\S]*api_token[\s\S]*signing_secret/);
    assert.equal(intercomAdapter.secretSource, 'helpdesk');
    assert.equal(intercomAdapter.needsApi, true);
    assert.deepEqual(intercomAdapter.apiHeaders(connection()), { authorization: 'Bearer token', 'intercom-version': '2.11' });
  });
});

describe('Intercom adapter: read', () => {
  it('skips the ping and other topics', () => {
    const ping = intercomAdapter.read(connection(), signed(intercomFixture('ping.json')));
    assert.deepEqual({ action: ping.action, eventType: ping.eventType }, { action: 'skip', eventType: 'ping' });
    const replied = intercomFixture('conversation-admin-closed.json');
    replied.topic = 'conversation.admin.replied';
    const reading = intercomAdapter.read(connection(), signed(replied));
    assert.equal(reading.action, 'skip');
    assert.equal(reading.eventType, 'conversation.admin.replied');
    assert.equal(intercomAdapter.read(connection(), signed({ hello: 'world' })).action, 'skip');
  });

  it('asks for a request keyed by the conversation id, looked up later', () => {
    const reading = intercomAdapter.read(connection(), signed(intercomFixture('conversation-admin-closed.json')));
    assert.equal(reading.action, 'request');
    assert.equal(reading.eventType, 'conversation.admin.closed');
    if (reading.action === 'request') assert.equal(reading.eventKey, '215472849342117');
    lookupOf(reading);
  });

  it('sends nothing when a bot (Fin, Operator) closed the conversation or is its assignee', () => {
    const closedByBot = intercomAdapter.read(connection(), signed(intercomFixture('conversation-closed-by-bot.json')));
    assert.equal(closedByBot.action, 'skip');
    if (closedByBot.action === 'skip') {
      assert.match(closedByBot.reason, /bot \(Fin\) closed/);
      assert.equal(closedByBot.eventKey, undefined, 'a bot close must not use up the conversation: a teammate may close it later');
    }
    const assignedToBot = intercomFixture<any>('conversation-admin-closed.json');
    assignedToBot.data.item.teammates.admins[0].type = 'bot';
    const reading = intercomAdapter.read(connection(), signed(assignedToBot));
    assert.equal(reading.action, 'skip');
    if (reading.action === 'skip') assert.match(reading.reason, /assigned to a bot/);
    const v1Bot = intercomFixture<any>('conversation-admin-closed.json');
    delete v1Bot.data.item.admin_assignee_id;
    v1Bot.data.item.assignee = { type: 'bot', id: '6827949' };
    assert.equal(intercomAdapter.read(connection(), signed(v1Bot)).action, 'skip');
  });

  it('skips a conversation with no admin and none closing it, or with no contact', () => {
    const unassigned = intercomFixture<any>('conversation-admin-closed.json');
    unassigned.data.item.admin_assignee_id = null;
    unassigned.data.item.conversation_parts.conversation_parts = [];
    const reading = intercomAdapter.read(connection(), signed(unassigned));
    assert.equal(reading.action, 'skip');
    if (reading.action === 'skip') assert.match(reading.reason, /no admin/);
    const noContact = intercomFixture<any>('conversation-admin-closed.json');
    noContact.data.item.contacts.contacts = [];
    assert.equal(intercomAdapter.read(connection(), signed(noContact)).action, 'skip');
  });

  it('maps source types to channels', () => {
    assert.equal(channelOfIntercomSource('conversation'), 'chat');
    assert.equal(channelOfIntercomSource('email'), 'email');
    assert.equal(channelOfIntercomSource('phone_call'), 'phone');
    assert.equal(channelOfIntercomSource('whatsapp'), 'chat');
  });
});

describe('Intercom adapter: lookups against a simulated Intercom API', () => {
  let api: IntercomApi;
  const policy = { allowPrivateNetworks: true, timeoutMs: 2000 };
  const client = () => createHelpdeskClient(api.url, intercomAdapter.apiHeaders(connection({ apiToken: api.token })), policy);

  before(async () => {
    api = await startIntercomApi();
    api.contacts.set('6657adc96abd0167d9419d1f', intercomFixture('contact.json'));
    api.admins.set('7312458', intercomFixture('admin.json'));
  });
  after(() => api.close());

  it("looks up the contact's and the admin's email with the bearer token and Intercom-Version", async () => {
    const reading = intercomAdapter.read(connection(), signed(intercomFixture('conversation-admin-closed.json')));
    const result = await lookupOf(reading)(client());
    assert.deepEqual(result, {
      draft: {
        ext_interaction_id: '215472849342117',
        channel: 'chat',
        tags: ['billing'],
        external_url: 'https://app.intercom.com/a/inbox/ecahpwf5/inbox/conversation/215472849342117',
        customer: { email: 'jane.customer@example.com', name: 'Jane Customer', custom_id: 'cust-7781' },
        employee: { email: 'sam.agent@acme.example' },
      },
    });
    const calls = api.calls.slice(-2);
    assert.deepEqual(calls.map((call) => call.path), ['/contacts/6657adc96abd0167d9419d1f', '/admins/7312458']);
    assert.ok(calls.every((call) => call.authorization === `Bearer ${api.token}` && call.version === '2.11' && call.status === 200));
  });

  it('omits the inbox link when the workspace is unknown, and reads the 1.x shape (assignee, customers)', async () => {
    const v1 = intercomFixture<any>('conversation-admin-closed.json');
    delete v1.app_id;
    delete v1.data.item.admin_assignee_id;
    delete v1.data.item.contacts;
    v1.data.item.assignee = { type: 'admin', id: '7312458' };
    v1.data.item.customers = [{ type: 'user', id: '6657adc96abd0167d9419d1f' }];
    v1.data.item.tags = { type: 'tag.list', tags: [{ type: 'tag', id: '1', name: 'do_not_send_stella' }] };
    v1.data.item.source.type = 'email';
    const result = await lookupOf(intercomAdapter.read(connection(), signed(v1)))(client());
    assert.ok('draft' in result);
    if (!('draft' in result)) return;
    assert.equal(result.draft.external_url, undefined);
    assert.equal(result.draft.channel, 'email');
    assert.deepEqual(result.draft.tags, ['do_not_send_stella']);
    assert.equal(result.draft.employee.email, 'sam.agent@acme.example');
  });

  it('fails transiently while Intercom answers 503, and finally for an unknown contact', async () => {
    const lookup = lookupOf(intercomAdapter.read(connection(), signed(intercomFixture('conversation-admin-closed.json'))));
    api.failNext(1);
    await assert.rejects(lookup(client()), (error: unknown) => error instanceof LookupError && error.transient && /503/.test(error.message));
    assert.ok('draft' in (await lookup(client())));
    const stranger = intercomFixture<any>('conversation-admin-closed.json');
    stranger.data.item.contacts.contacts[0].id = 'nobody';
    await assert.rejects(lookupOf(intercomAdapter.read(connection(), signed(stranger)))(client()), (error: unknown) => error instanceof LookupError && !error.transient);
  });

  it("falls back to the names and emails the notification carries when Intercom no longer knows the ids (so the sample works)", async () => {
    const sample = intercomAdapter.sample({ email: 'pat@acme.example', name: 'Pat' });
    const result = await lookupOf(intercomAdapter.read(connection(), signed(sample)))(client());
    assert.ok('draft' in result);
    if (!('draft' in result)) return;
    assert.deepEqual(result.draft.customer, { email: 'pat@acme.example', name: 'Pat' });
    assert.deepEqual(result.draft.employee, { email: 'pat@acme.example' });
    assert.deepEqual(api.calls.slice(-2).map((call) => call.status), [404, 404]);
  });

  it('refuses a wrong token as a final failure', async () => {
    const wrong = createHelpdeskClient(api.url, intercomAdapter.apiHeaders(connection({ apiToken: 'wrong' })), policy);
    const lookup = lookupOf(intercomAdapter.read(connection(), signed(intercomFixture('conversation-admin-closed.json'))));
    await assert.rejects(lookup(wrong), (error: unknown) => error instanceof LookupError && !error.transient && /401/.test(error.message));
  });
});

describe('Intercom adapter: setup and sample', () => {
  it('gives the endpoint URL, the topic and where the token and client secret come from', () => {
    const guide = intercomAdapter.setup(connection(), 'https://feedback.example/inbound/xyz');
    const texts = guide.snippets.map((snippet) => snippet.text);
    assert.ok(texts.includes('https://feedback.example/inbound/xyz'));
    assert.ok(texts.includes('conversation.admin.closed'));
    assert.match(guide.steps.join('\n'), /Client secret/);
    assert.ok(!JSON.stringify(guide).includes(CLIENT_SECRET), 'the guide never shows the client secret');
  });

  it('samples a closed conversation naming the person as the closing admin', () => {
    const sample = intercomAdapter.sample({ email: 'pat@acme.example', name: 'Pat' }) as any;
    assert.equal(sample.topic, 'conversation.admin.closed');
    assert.equal(sample.data.item.conversation_parts.conversation_parts[0].author.email, 'pat@acme.example');
    assert.equal(intercomAdapter.read(connection(), signed(sample)).action, 'request');
  });
});
