import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection, EventReading, InboundEvent, LookupResult } from '../src/modules/connections/connection.types.ts';
import { createHelpdeskClient, LookupError } from '../src/modules/connections/helpdesk-client.ts';
import { gladlyAdapter } from '../src/modules/connections/adapters/gladly.ts';
import { gladlySignature } from '../src/modules/connections/adapters/gladly-signature.ts';
import { kustomerAdapter } from '../src/modules/connections/adapters/kustomer.ts';
import type { JsonApiSim } from './helpers/json-api-sim.ts';
import { gladlyDeliveryHeaders, gladlyFixture, startGladlySim } from './helpers/gladly-sim.ts';
import { kustomerDeliveryHeaders, kustomerFixture, startKustomerSim } from './helpers/kustomer-sim.ts';

function connection(kind: 'kustomer' | 'gladly', fields: Partial<Connection> = {}): Connection {
  return {
    id: 1, companyId: 1, publicId: 'pub_0123456789abcdef', kind, name: kind, apiBase: null, apiUser: null,
    apiToken: null, signingSecret: null, options: {}, createdAt: Date.now(), ...fields,
  };
}

function inbound(rawBody: string, headers: Record<string, string>, receivedAt = Date.now()): InboundEvent {
  let body: unknown;
  try { body = JSON.parse(rawBody); } catch { body = undefined; }
  return { rawBody: Buffer.from(rawBody), body, headers, receivedAt };
}

function lookupOf(reading: EventReading) {
  assert.equal(reading.action, 'request');
  assert.ok('lookup' in reading, 'the event names ids only, so it needs a lookup');
  return reading.lookup;
}

const POLICY = { allowPrivateNetworks: true, timeoutMs: 2_000 };

describe('Kustomer adapter', () => {
  const token = 'kustomer-webhook-token-1';
  const apiKey = 'kustomer-api-key-1';
  let sim: JsonApiSim;
  let conn: Connection;
  before(async () => {
    sim = await startKustomerSim(apiKey, { customerEmail: 'jane@example.com', customerName: 'Jane Doe', agentEmail: 'sam.agent@example.com', brandName: 'Acme Outdoors' });
    conn = connection('kustomer', { apiBase: sim.url, apiToken: apiKey, signingSecret: token });
  });
  after(() => sim.close());

  it('accepts a delivery signed with the webhook token and refuses a tampered, unsigned or wrongly keyed one', () => {
    const raw = JSON.stringify(kustomerFixture('conversation-update-done.json'));
    assert.equal(kustomerAdapter.verify(conn, inbound(raw, kustomerDeliveryHeaders(token, raw))), null);
    const signed = kustomerDeliveryHeaders(token, raw);
    const prefixed = { ...signed, 'x-kustomer-webhook-signature': `sha256=${signed['x-kustomer-webhook-signature'].toUpperCase()}` };
    assert.equal(kustomerAdapter.verify(conn, inbound(raw, prefixed)), null, 'a sha256= prefix and upper-case hex are tolerated');
    assert.match(kustomerAdapter.verify(conn, inbound(raw.replace('done', 'open'), kustomerDeliveryHeaders(token, raw))) ?? '', /does not match/);
    assert.match(kustomerAdapter.verify(conn, inbound(raw, { 'content-type': 'application/json' })) ?? '', /no X-Kustomer-Webhook-Signature/);
    assert.match(kustomerAdapter.verify(conn, inbound(raw, kustomerDeliveryHeaders('another-token', raw))) ?? '', /does not match/);
    assert.match(kustomerAdapter.verify({ ...conn, signingSecret: null }, inbound(raw, kustomerDeliveryHeaders(token, raw))) ?? '', /no signing secret/);
  });

  it('asks for a request keyed by the conversation id when the status changed to done and a user is assigned', () => {
    const raw = JSON.stringify(kustomerFixture('conversation-update-done.json'));
    const reading = kustomerAdapter.read(conn, inbound(raw, {}));
    assert.equal(reading.action, 'request');
    assert.equal(reading.eventType, 'kustomer.conversation.update');
    assert.equal(reading.action === 'request' && reading.eventKey, '6717c2a9e5b1f00012ab3502');
  });

  it('skips, with the reason, a status that is not done, an unassigned conversation, other events and bodies that are not JSON objects', () => {
    const skipped = (body: string) => {
      const reading = kustomerAdapter.read(conn, inbound(body, {}));
      assert.equal(reading.action, 'skip');
      return reading.action === 'skip' ? reading.reason : '';
    };
    assert.match(skipped(JSON.stringify(kustomerFixture('conversation-update-snoozed.json'))), /snoozed, not done/);
    assert.match(skipped(JSON.stringify(kustomerFixture('conversation-update-unassigned.json'))), /no assigned user/);
    const created = { ...kustomerFixture('conversation-update-done.json'), name: 'kustomer.conversation.create', changes: null };
    assert.match(skipped(JSON.stringify(created)), /only kustomer.conversation.update/);
    const noChange = { ...kustomerFixture('conversation-update-done.json'), changes: { attributes: { tags: { before: [], after: ['x'] } } } };
    assert.match(skipped(JSON.stringify(noChange)), /did not change/);
    assert.match(skipped('[1,2]'), /not a JSON object/);
    assert.match(skipped('not json'), /not a JSON object/);
  });

  it('looks up the customer, the assigned user, the brand and tag names with the API key', async () => {
    const lookup = lookupOf(kustomerAdapter.read(conn, inbound(JSON.stringify(kustomerFixture('conversation-update-done.json')), {})));
    sim.requests.length = 0;
    const result = await lookup(createHelpdeskClient(sim.url, kustomerAdapter.apiHeaders(conn), POLICY));
    assert.deepEqual(result, {
      draft: {
        customer: { email: 'jane@example.com', name: 'Jane Doe', custom_id: 'crm-10427' },
        employee: { email: 'sam.agent@example.com' },
        channel: 'chat',
        brand: 'Acme Outdoors',
        tags: ['returns', 'vip'],
        ext_interaction_id: '6717c2a9e5b1f00012ab3502',
      },
    } satisfies LookupResult);
    assert.deepEqual(sim.requests.map((r) => r.path), ['/v1/customers/6717c29de5b1f00012ab34b9', '/v1/users/5f8481c7a22ab5b9d5f2dd91', '/v1/brands/5f8481c6a22ab5b9d5f2dd8c', '/v1/tags/6717c1f0e5b1f00012ab3401']);
    assert.ok(sim.requests.every((r) => r.authorization === `Bearer ${apiKey}`));
  });

  it('fails a lookup transiently while Kustomer answers 503 and finally with a wrong API key', async () => {
    const lookup = lookupOf(kustomerAdapter.read(conn, inbound(JSON.stringify(kustomerFixture('conversation-update-done.json')), {})));
    sim.failNext = 1;
    const down = await lookup(createHelpdeskClient(sim.url, kustomerAdapter.apiHeaders(conn), POLICY)).catch((error: unknown) => error);
    assert.ok(down instanceof LookupError && down.transient, 'a 503 is retried later');
    const wrongKey = { ...conn, apiToken: 'wrong' };
    const refused = await lookup(createHelpdeskClient(sim.url, kustomerAdapter.apiHeaders(wrongKey), POLICY)).catch((error: unknown) => error);
    assert.ok(refused instanceof LookupError && !refused.transient && /401/.test(refused.message));
  });

  it('needs an API base, an API key and the webhook token', () => {
    assert.deepEqual(kustomerAdapter.validate(conn), []);
    const problems = kustomerAdapter.validate(connection('kustomer', { apiBase: 'ftp://x' }));
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /api_base: must be an http\(s\) URL[\s\S]*api_token: required[\s\S]*signing_secret: required/);
    assert.equal(kustomerAdapter.secretSource, 'helpdesk');
    assert.equal(kustomerAdapter.needsApi, true);
  });

  it('gives set-up steps naming the inbound URL and a sample the reader turns into a request', () => {
    const guide = kustomerAdapter.setup(conn, 'https://feedback.example.com/inbound/pub_x');
    assert.ok(guide.steps.some((step) => step.includes('https://feedback.example.com/inbound/pub_x')));
    assert.ok(guide.snippets[0].text.includes('"kustomer.conversation.update"'));
    const sample = kustomerAdapter.sample({ email: 'me@example.com', name: 'Me' });
    assert.equal(kustomerAdapter.read(conn, inbound(JSON.stringify(sample), {})).action, 'request');
  });
});

describe('Gladly adapter', () => {
  const signingKey = 'gladly-signing-key-1';
  let sim: JsonApiSim;
  let conn: Connection;
  const path = () => `/inbound/${conn.publicId}`;
  before(async () => {
    sim = await startGladlySim('api@acme.example', 'gladly-token-1', { customerEmail: 'martha@example.com', customerName: 'Martha Williams', agentEmail: 'yasir@example.com' });
    conn = connection('gladly', { apiBase: sim.url, apiUser: 'api@acme.example', apiToken: 'gladly-token-1', signingSecret: signingKey });
  });
  after(() => sim.close());

  it("computes Gladly's documented request-signing example", () => {
    const vector = gladlyFixture('signing-vector.json');
    const request = { method: vector.method, path: vector.path, headers: vector.headers, rawBody: Buffer.from(vector.body) };
    assert.equal(gladlySignature(vector.signingKey, request, vector.signedHeaders), vector.signature);
  });

  it('accepts a request signed in Gladly-Authorization for this inbound path and refuses tampering, another path, an old time and another key', () => {
    const raw = JSON.stringify(gladlyFixture('conversation-closed.json'));
    assert.equal(gladlyAdapter.verify(conn, inbound(raw, gladlyDeliveryHeaders(signingKey, path(), raw))), null);
    assert.match(gladlyAdapter.verify(conn, inbound(`${raw} `, gladlyDeliveryHeaders(signingKey, path(), raw))) ?? '', /does not match/);
    assert.match(gladlyAdapter.verify(conn, inbound(raw, gladlyDeliveryHeaders(signingKey, '/inbound/pub_other', raw))) ?? '', /does not match/);
    assert.match(gladlyAdapter.verify(conn, inbound(raw, gladlyDeliveryHeaders('another-key', path(), raw))) ?? '', /does not match/);
    const old = new Date(Date.now() - 20 * 60_000);
    assert.match(gladlyAdapter.verify(conn, inbound(raw, gladlyDeliveryHeaders(signingKey, path(), raw, old))) ?? '', /15 minutes/);
    assert.match(gladlyAdapter.verify(conn, inbound(raw, { 'content-type': 'application/json' })) ?? '', /no Gladly-Authorization/);
    const headers = gladlyDeliveryHeaders(signingKey, path(), raw);
    assert.match(gladlyAdapter.verify(conn, inbound(raw, { ...headers, 'gladly-authorization': 'Signature=abc' })) ?? '', /not SigningAlgorithm/);
  });

  it('accepts basic authentication whose password is the signing secret, and refuses another password', () => {
    const raw = JSON.stringify(gladlyFixture('conversation-closed.json'));
    const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`gladly:${password}`).toString('base64')}` });
    assert.equal(gladlyAdapter.verify(conn, inbound(raw, basic(signingKey))), null);
    assert.match(gladlyAdapter.verify(conn, inbound(raw, basic('guess'))) ?? '', /password does not match/);
  });

  it('asks for a request keyed by the conversation id on CONVERSATION/CLOSED and skips PING and other events', () => {
    const reading = gladlyAdapter.read(conn, inbound(JSON.stringify(gladlyFixture('conversation-closed.json')), {}));
    assert.equal(reading.action === 'request' && reading.eventKey, 'OI9Sr3W7RVWHhDZ3qiC5Bg');
    const ping = gladlyAdapter.read(conn, inbound(JSON.stringify(gladlyFixture('ping.json')), {}));
    assert.equal(ping.action, 'skip');
    assert.equal(ping.eventType, 'PING');
    const other = gladlyAdapter.read(conn, inbound(JSON.stringify({ ...gladlyFixture('conversation-closed.json'), type: 'CONVERSATION/CREATED' }), {}));
    assert.match(other.action === 'skip' ? other.reason : '', /only CONVERSATION\/CLOSED/);
  });

  it('looks up the conversation, the customer profile and the agent with basic authentication', async () => {
    const lookup = lookupOf(gladlyAdapter.read(conn, inbound(JSON.stringify(gladlyFixture('conversation-closed.json')), {})));
    sim.requests.length = 0;
    const result = await lookup(createHelpdeskClient(sim.url, gladlyAdapter.apiHeaders(conn), POLICY));
    assert.deepEqual(result, {
      draft: {
        customer: { email: 'martha@example.com', name: 'Martha Williams', custom_id: 'abc' },
        employee: { email: 'yasir@example.com' },
        channel: 'email',
        tags: ['Returns'],
        ext_interaction_id: 'OI9Sr3W7RVWHhDZ3qiC5Bg',
      },
    } satisfies LookupResult);
    assert.deepEqual(sim.requests.map((r) => r.path), ['/api/v1/conversations/OI9Sr3W7RVWHhDZ3qiC5Bg', '/api/v1/customer-profiles/ZIj5Bx2WQdGYaK5ajJzzDQ', '/api/v1/agents/zGaHeVdIQ4KTW2ewb3DiBw']);
    assert.ok(sim.requests.every((r) => r.authorization === `Basic ${Buffer.from('api@acme.example:gladly-token-1').toString('base64')}`));
  });

  it('skips a conversation with no assignee closed by someone other than an agent, and fails transiently on 503', async () => {
    const conversationPath = '/api/v1/conversations/OI9Sr3W7RVWHhDZ3qiC5Bg';
    const original = sim.resources.get(conversationPath) as Record<string, unknown>;
    sim.resources.set(conversationPath, { ...original, assignee: { inboxId: 'ibx_support' } });
    try {
      const event = { ...gladlyFixture('conversation-closed.json'), initiator: { id: 'rule-1', type: 'RULE' } };
      const result = await lookupOf(gladlyAdapter.read(conn, inbound(JSON.stringify(event), {})))(createHelpdeskClient(sim.url, gladlyAdapter.apiHeaders(conn), POLICY));
      assert.deepEqual(result, { skip: 'the conversation has no assigned agent' });
    } finally {
      sim.resources.set(conversationPath, original);
    }
    sim.failNext = 1;
    const lookup = lookupOf(gladlyAdapter.read(conn, inbound(JSON.stringify(gladlyFixture('conversation-closed.json')), {})));
    const down = await lookup(createHelpdeskClient(sim.url, gladlyAdapter.apiHeaders(conn), POLICY)).catch((error: unknown) => error);
    assert.ok(down instanceof LookupError && down.transient);
  });

  it('needs an API base, user and token; generates its own signing secret', () => {
    assert.deepEqual(gladlyAdapter.validate(conn), []);
    assert.match(gladlyAdapter.validate(connection('gladly')).join('\n'), /api_base: required[\s\S]*api_user: required[\s\S]*api_token: required/);
    assert.equal(gladlyAdapter.secretSource, 'ours');
    const guide = gladlyAdapter.setup(conn, 'https://feedback.example.com/inbound/pub_x');
    assert.ok(guide.snippets.some((s) => s.text === signingKey));
    assert.equal(gladlyAdapter.read(conn, inbound(JSON.stringify(gladlyAdapter.sample({ email: 'a@b.c', name: 'A' })), {})).action, 'request');
  });
});
