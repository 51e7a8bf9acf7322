import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Connection, InboundEvent } from '../src/modules/connections/connection.types.ts';
import { freshdeskAdapter } from '../src/modules/connections/adapters/freshdesk.ts';
import { channelOfSource } from '../src/modules/connections/adapters/freshdesk/ticket-event.ts';
import { FRESHDESK_BODY, FRESHSERVICE_BODY } from '../src/modules/connections/adapters/freshdesk/setup.ts';

const SECRET = 'fd-secret-0123456789abcdef';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'integrations', 'freshdesk', name), 'utf8'));
}

function connection(signingSecret: string | null = SECRET): Connection {
  return { id: 1, companyId: 1, publicId: 'pub', kind: 'freshdesk', name: 'Freshdesk', apiBase: null, apiUser: null, apiToken: null, signingSecret, options: {}, createdAt: 0 };
}

function event(body: unknown, headers: Record<string, string> = {}): InboundEvent {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  return { rawBody, body: parsed, headers, receivedAt: Date.now() };
}

/** What a Freshdesk placeholder body becomes when the rule runs: each placeholder replaced by a value. */
function rendered(template: string, values: Record<string, string>): unknown {
  return JSON.parse(template.replace(/\{\{([^}]+)\}\}/g, (_whole, name: string) => values[name] ?? ''));
}

describe('Freshdesk / Freshservice adapter: verify', () => {
  const body = fixture('ticket-resolved.json');

  it('accepts the secret as X-Agent-Connect-Secret or as a bearer token', () => {
    assert.equal(freshdeskAdapter.verify(connection(), event(body, { 'x-agent-connect-secret': SECRET })), null);
    assert.equal(freshdeskAdapter.verify(connection(), event(body, { authorization: `Bearer ${SECRET}` })), null);
  });

  it('refuses a missing or wrong secret, naming the header and never the secret', () => {
    const missing = freshdeskAdapter.verify(connection(), event(body));
    assert.match(missing ?? '', /X-Agent-Connect-Secret/);
    const wrong = freshdeskAdapter.verify(connection(), event(body, { 'x-agent-connect-secret': `${SECRET}x` }));
    assert.match(wrong ?? '', /does not match/);
    assert.ok(!(wrong ?? '').includes(SECRET));
    assert.notEqual(freshdeskAdapter.verify(connection(), event(body, { authorization: `Bearer ${SECRET.slice(1)}` })), null);
    assert.notEqual(freshdeskAdapter.verify(connection(), event(body, { authorization: `Basic ${Buffer.from('user:nope').toString('base64')}` })), null);
    assert.notEqual(freshdeskAdapter.verify(connection(), event(body, { authorization: `Token ${SECRET}` })), null);
  });

  it('is the helpdesk whose secret we generate, with no API lookups', () => {
    assert.equal(freshdeskAdapter.secretSource, 'ours');
    assert.equal(freshdeskAdapter.needsApi, false);
    assert.deepEqual(freshdeskAdapter.validate(connection()), []);
  });
});

describe('Freshdesk / Freshservice adapter: read', () => {
  it("reads Freshdesk's resolved ticket into a request keyed by the ticket id", () => {
    const reading = freshdeskAdapter.read(connection(), event(fixture('ticket-resolved.json')));
    assert.deepEqual(reading, {
      action: 'request',
      eventType: 'ticket.resolved',
      eventKey: '4521',
      draft: {
        customer: { email: 'jane.customer@example.com', name: 'Jane Customer' },
        employee: { email: 'sam.agent@acme.example' },
        ext_interaction_id: '4521',
        channel: 'email',
        brand: 'Acme',
        tags: ['billing', 'refund'],
        external_url: 'https://acme.freshdesk.com/a/tickets/4521',
        custom_properties: { group: 'Billing' },
      },
    });
  });

  it("reads Freshservice's closed ticket: the requester, the numeric id as key, the display id as interaction id", () => {
    const reading = freshdeskAdapter.read(connection(), event(fixture('freshservice-ticket-closed.json')));
    assert.equal(reading.action, 'request');
    if (reading.action !== 'request' || !('draft' in reading)) return;
    assert.equal(reading.eventType, 'ticket.closed');
    assert.equal(reading.eventKey, '812');
    assert.equal(reading.draft.ext_interaction_id, 'INC-812');
    assert.deepEqual(reading.draft.customer, { email: 'jane.customer@example.com', name: 'Jane Customer' });
    assert.equal(reading.draft.channel, 'email');
    assert.deepEqual(reading.draft.tags, ['vpn']);
  });

  it("reads Freshdesk's Simple content (freshdesk_webhook with ticket_ fields)", () => {
    const reading = freshdeskAdapter.read(connection(), event(fixture('ticket-simple-content.json')));
    assert.equal(reading.action, 'request');
    if (reading.action !== 'request' || !('draft' in reading)) return;
    assert.equal(reading.eventKey, '4523');
    assert.equal(reading.draft.channel, 'chat');
    assert.equal(reading.draft.brand, 'Acme');
    assert.equal(reading.draft.tags, undefined);
    assert.equal(reading.draft.employee.email, 'sam.agent@acme.example');
  });

  it('skips tickets that are not Resolved or Closed, naming the status', () => {
    const reading = freshdeskAdapter.read(connection(), event(fixture('ticket-pending.json')));
    assert.equal(reading.action, 'skip');
    assert.equal(reading.eventType, 'ticket.pending');
    if (reading.action === 'skip') assert.match(reading.reason, /Pending, not Resolved or Closed/);
  });

  it('skips a ticket with no agent, a body without a ticket, and a body that is not JSON', () => {
    const unassigned = fixture('ticket-resolved.json');
    (unassigned.ticket as Record<string, unknown>).agent = { email: '', name: '' };
    const noAgent = freshdeskAdapter.read(connection(), event(unassigned));
    assert.equal(noAgent.action, 'skip');
    if (noAgent.action === 'skip') assert.match(noAgent.reason, /no agent/);
    const other = freshdeskAdapter.read(connection(), event({ hello: 'world' }));
    assert.equal(other.action, 'skip');
    const notJson = freshdeskAdapter.read(connection(), event('ticket=1'));
    assert.equal(notJson.action, 'skip');
    const noId = freshdeskAdapter.read(connection(), event({ ticket: { status: 'Resolved', agent: { email: 'a@b.example' } } }));
    assert.equal(noId.action, 'skip');
    if (noId.action === 'skip') assert.match(noId.reason, /no ticket id/);
  });

  it('accepts numeric ids and status codes, and array tags', () => {
    const reading = freshdeskAdapter.read(connection(), event({ ticket: { id: 77, status: 5, source: 3, tags: ['a', ' b ', 'a', ''], agent: { email: 'x@y.example' } } }));
    assert.equal(reading.action, 'request');
    if (reading.action !== 'request' || !('draft' in reading)) return;
    assert.equal(reading.eventKey, '77');
    assert.equal(reading.draft.channel, 'phone');
    assert.deepEqual(reading.draft.tags, ['a', 'b']);
  });

  it('maps the capitalised sources to the email, phone and chat channels and passes unknown ones through', () => {
    assert.equal(channelOfSource('Email'), 'email');
    assert.equal(channelOfSource('Outbound Email'), 'email');
    assert.equal(channelOfSource('Portal'), 'email');
    assert.equal(channelOfSource('Feedback Widget'), 'email');
    assert.equal(channelOfSource('Phone'), 'phone');
    assert.equal(channelOfSource('Chat'), 'chat');
    assert.equal(channelOfSource('WhatsApp'), 'chat');
    assert.equal(channelOfSource('MS Teams'), 'chat');
    assert.equal(channelOfSource('Walkup'), 'walkup');
  });

  it('reads the guide\'s Freshdesk body once Freshdesk has rendered it, and ignores placeholders left unrendered', () => {
    const values = {
      'ticket.id': '9001',
      'ticket.url': 'https://acme.freshdesk.com/a/tickets/9001',
      'ticket.status': 'Closed',
      'ticket.source': 'Phone',
      'ticket.tags': 'vip,do_not_send_stella',
      'ticket.portal_name': 'Acme',
      'ticket.group.name': 'Tier 2',
      'ticket.contact.email': 'c@customer.example',
      'ticket.contact.name': 'Casey',
      'ticket.agent.email': 'a@acme.example',
      'ticket.agent.name': 'Alex',
    };
    const reading = freshdeskAdapter.read(connection(), event(rendered(FRESHDESK_BODY, values)));
    assert.equal(reading.action, 'request');
    if (reading.action !== 'request' || !('draft' in reading)) return;
    assert.equal(reading.eventKey, '9001');
    assert.deepEqual(reading.draft.tags, ['vip', 'do_not_send_stella']);
    assert.equal(reading.draft.channel, 'phone');
    assert.deepEqual(reading.draft.customer, { email: 'c@customer.example', name: 'Casey' });

    const unrendered = freshdeskAdapter.read(connection(), event(JSON.parse(FRESHDESK_BODY)));
    assert.equal(unrendered.action, 'skip');
  });

  it("reads the guide's Freshservice body once rendered", () => {
    const values = {
      'ticket.id_numeric': '55',
      'ticket.id': '#SR-55',
      'ticket.status': 'Resolved',
      'ticket.source': 'Email',
      'ticket.requester.email': 'r@customer.example',
      'ticket.requester.name': 'Robin',
      'ticket.agent.email': 'a@acme.example',
    };
    const reading = freshdeskAdapter.read(connection(), event(rendered(FRESHSERVICE_BODY, values)));
    assert.equal(reading.action, 'request');
    if (reading.action !== 'request' || !('draft' in reading)) return;
    assert.equal(reading.eventKey, '55');
    assert.equal(reading.draft.ext_interaction_id, 'SR-55');
    assert.equal(reading.draft.customer.email, 'r@customer.example');
    assert.equal(reading.draft.external_url, undefined);
  });
});

describe('Freshdesk / Freshservice adapter: setup and sample', () => {
  it('gives the URL, the header with the secret and both bodies to paste', () => {
    const guide = freshdeskAdapter.setup(connection(), 'https://feedback.example/inbound/abc');
    assert.ok(guide.steps.length >= 5);
    const texts = guide.snippets.map((snippet) => snippet.text);
    assert.ok(texts.includes('https://feedback.example/inbound/abc'));
    assert.ok(texts.includes(`X-Agent-Connect-Secret: ${SECRET}`));
    assert.ok(texts.includes(FRESHDESK_BODY) && texts.includes(FRESHSERVICE_BODY));
    for (const placeholder of ['{{ticket.id}}', '{{ticket.url}}', '{{ticket.status}}', '{{ticket.source}}', '{{ticket.tags}}', '{{ticket.contact.email}}', '{{ticket.agent.email}}', '{{ticket.group.name}}', '{{ticket.portal_name}}']) {
      assert.ok(FRESHDESK_BODY.includes(placeholder), placeholder);
    }
    for (const placeholder of ['{{ticket.id_numeric}}', '{{ticket.requester.email}}', '{{ticket.agent.email}}']) assert.ok(FRESHSERVICE_BODY.includes(placeholder), placeholder);
    JSON.parse(FRESHDESK_BODY);
    JSON.parse(FRESHSERVICE_BODY);
  });

  it('samples a resolved ticket naming the person as contact and agent', () => {
    const sample = freshdeskAdapter.sample({ email: 'pat@acme.example', name: 'Pat' });
    const reading = freshdeskAdapter.read(connection(), event(sample));
    assert.equal(reading.action, 'request');
    if (reading.action !== 'request' || !('draft' in reading)) return;
    assert.deepEqual(reading.draft.customer, { email: 'pat@acme.example', name: 'Pat' });
    assert.deepEqual(reading.draft.employee, { email: 'pat@acme.example' });
  });
});
