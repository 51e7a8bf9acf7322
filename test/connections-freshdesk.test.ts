import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee, uniqueName } from './helpers/factories.ts';
import { addConnection, connectionEvents, dataRecord, mailCountAfterSettling, mailTo, postInbound, startHelpdeskWorld, type AddedConnection } from './helpers/helpdesk-world.ts';
import type { SmtpSink } from './helpers/smtp-sink.ts';
import type { TestContext } from './helpers/test-app.ts';

let ctx: TestContext;
let sink: SmtpSink;
let close: () => Promise<void>;
let company: CompanyCredentials;
let agentEmail: string;
let connection: AddedConnection;

before(async () => {
  ({ ctx, sink, close } = await startHelpdeskWorld());
  company = await createCompany(ctx.services, { brands: ['acme', 'globex'] });
  agentEmail = (await createEmployee(ctx.services, company.id, { firstName: 'Sam', lastName: 'Agent' })).email;
  connection = await addConnection(ctx, company, '--kind', 'freshdesk', '--name', 'Freshdesk');
});
after(() => close());

/** A fixture with this ticket id, customer and agent, as Freshdesk renders the guide's body. */
function ticket(name: string, changes: { id: string; customer?: string; agent?: string; tags?: string; status?: string; brand?: string }): string {
  const body = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'integrations', 'freshdesk', name), 'utf8'));
  const item = body.ticket;
  item.id = changes.id;
  if (item.url) item.url = item.url.replace(/\d+$/, changes.id);
  if (changes.tags !== undefined) item.tags = changes.tags;
  if (changes.status !== undefined) item.status = changes.status;
  if (changes.brand !== undefined) item.brand = changes.brand;
  const customer = item.contact ?? item.requester;
  if (changes.customer) customer.email = changes.customer;
  item.agent.email = changes.agent ?? agentEmail;
  return JSON.stringify(body);
}

const customerEmail = () => `${uniqueName('customer.')}@example.com`;
const withSecret = () => ({ 'x-agent-connect-secret': connection.signing_secret ?? '' });

describe('Freshdesk / Freshservice connection, end to end', () => {
  it('prints a generated secret the rule sends back, and the setup to paste', async () => {
    assert.equal(connection.kind, 'freshdesk');
    assert.ok((connection.signing_secret ?? '').length >= 32);
    const detail = await ctx.services.connections.detail(company.id, connection.id, { email: agentEmail, name: 'Sam Agent' });
    const texts = detail.setup.snippets.map((snippet) => snippet.text);
    assert.ok(texts.includes(connection.inbound_url));
    assert.ok(texts.includes(`X-Agent-Connect-Secret: ${connection.signing_secret}`));
    assert.ok(texts.some((text) => text.includes('{{ticket.contact.email}}')));
  });

  it('a resolved ticket: the email at the SMTP sink and the interaction in /v2/data with agent, customer, channel, brand, tags and ticket id', async () => {
    const customer = customerEmail();
    const id = String(40_000 + Math.floor(Math.random() * 10_000));
    const answer = await postInbound(ctx, connection, ticket('ticket-resolved.json', { id, customer }), withSecret());
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'created');
    const requestId = String(answer.body.request_id);

    const mail = await mailTo(sink, customer);
    assert.match(mail.parsed.text ?? '', /\/s\/[A-Za-z0-9_-]{32}\/rate\/5/);
    const record = await dataRecord(ctx, company, requestId);
    assert.equal(record.employee.email, agentEmail);
    assert.deepEqual(record.customer, { custom_id: null, email: customer, full_name: 'Jane Customer' });
    assert.equal(record.channel, 'email');
    assert.equal(record.branding, 'acme');
    assert.deepEqual(record.tags, ['billing', 'refund']);
    assert.equal(record.ext_interaction_id, id);
    assert.equal(record.external_url, `https://acme.freshdesk.com/a/tickets/${id}`);
    assert.deepEqual(record.custom_properties, { group: 'Billing' });

    // Freshdesk retries, or the rule fires again (Resolved, then Closed): nothing is sent twice.
    const again = await postInbound(ctx, connection, ticket('ticket-resolved.json', { id, customer, status: 'Closed' }), withSecret());
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { status: 'duplicate', request_id: requestId });
    assert.equal(await mailCountAfterSettling(sink, customer), 1);
    const [logged] = (await connectionEvents(ctx, company, connection)).filter((event) => event.event_key === id);
    assert.equal(logged.status, 'created');
    assert.equal(logged.request_id, requestId);
    assert.equal(logged.deliveries, 2);
  });

  it('a Freshservice ticket (requester, display id, Portal source, the brand the guide says to add) works on the same connection', async () => {
    const customer = customerEmail();
    const id = String(50_000 + Math.floor(Math.random() * 10_000));
    const body = ticket('freshservice-ticket-closed.json', { id, customer, brand: 'Globex' });
    const answer = await postInbound(ctx, connection, body, { authorization: `Bearer ${connection.signing_secret}` });
    assert.equal(answer.body.status, 'created', JSON.stringify(answer.body));
    await mailTo(sink, customer);
    const record = await dataRecord(ctx, company, String(answer.body.request_id));
    assert.equal(record.channel, 'email');
    assert.equal(record.ext_interaction_id, 'INC-812');
    assert.equal(record.branding, 'globex');
    assert.equal(record.customer.email, customer);
    assert.deepEqual(record.tags, ['vpn']);
  });

  it('a wrong or missing secret is refused 401 and logged; nothing is sent', async () => {
    const customer = customerEmail();
    const body = ticket('ticket-resolved.json', { id: '61001', customer });
    const wrong = await postInbound(ctx, connection, body, { 'x-agent-connect-secret': 'not-the-secret' });
    assert.equal(wrong.status, 401);
    const missing = await postInbound(ctx, connection, body);
    assert.equal(missing.status, 401);
    const events = await connectionEvents(ctx, company, connection);
    const unauthorized = events.filter((event) => event.status === 'unauthorized');
    assert.ok(unauthorized.length >= 2);
    assert.match(unauthorized.map((event) => event.detail).join('\n'), /X-Agent-Connect-Secret/);
    assert.ok(!JSON.stringify(events).includes(connection.signing_secret ?? '-'), 'the secret is never logged');
    assert.equal(await mailCountAfterSettling(sink, customer, 300), 0);
  });

  it('do_not_send_stella on the ticket records the interaction without an email; a pending ticket is skipped', async () => {
    const customer = customerEmail();
    const id = String(62_000 + Math.floor(Math.random() * 1000));
    const answer = await postInbound(ctx, connection, ticket('ticket-resolved.json', { id, customer, tags: 'vip, do_not_send_stella' }), withSecret());
    assert.equal(answer.body.status, 'created', JSON.stringify(answer.body));
    const record = await dataRecord(ctx, company, String(answer.body.request_id));
    assert.deepEqual(record.tags, ['vip', 'do_not_send_stella']);
    assert.equal(await mailCountAfterSettling(sink, customer), 0);

    const pending = await postInbound(ctx, connection, ticket('ticket-pending.json', { id: String(Number(id) + 1), customer }), withSecret());
    assert.equal(pending.status, 202);
    assert.equal(pending.body.status, 'skipped');
    const [logged] = await connectionEvents(ctx, company, connection);
    assert.equal(logged.status, 'skipped');
    assert.match(logged.detail ?? '', /Pending/);
  });

  it('an agent who is not an active employee is refused 400 and logged with the reason', async () => {
    const customer = customerEmail();
    const answer = await postInbound(ctx, connection, ticket('ticket-resolved.json', { id: '63001', customer, agent: 'stranger@acme.example' }), withSecret());
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.ok(Array.isArray(answer.body.validation_errors));
    const [logged] = (await connectionEvents(ctx, company, connection)).filter((event) => event.event_key === '63001');
    assert.equal(logged.status, 'refused');
    assert.match(logged.detail ?? '', /employee/);
    assert.equal(await mailCountAfterSettling(sink, customer, 300), 0);
  });

  it('connection test --dry-run shows the request a pasted Freshdesk body would make, storing nothing', async () => {
    const file = path.join(os.tmpdir(), `${uniqueName('freshdesk-body-')}.json`);
    const customer = customerEmail();
    writeFileSync(file, ticket('ticket-resolved.json', { id: '64001', customer, tags: 'billing' }));
    const result = await runCli(ctx.env, 'connection', 'test', '--company', company.subdomain, String(connection.id), '--body', file, '--dry-run', '--json');
    assert.equal(result.code, 0, result.stderr);
    const tried = JSON.parse(result.stdout);
    assert.equal(tried.outcome, 'request', result.stdout);
    assert.equal(tried.event_key, '64001');
    assert.equal(tried.request.channel, 'email');
    assert.equal(tried.request.brand, 'acme');
    assert.deepEqual(tried.request.customer, { email: customer, name: 'Jane Customer' });
    assert.deepEqual(tried.request.employee, { email: agentEmail });
    assert.equal((await connectionEvents(ctx, company, connection)).some((event) => event.event_key === '64001'), false);
  });
});
