import assert from 'node:assert/strict';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { runCli } from './cli.ts';
import type { SmtpSink } from './smtp-sink.ts';
import { eventually, startMailingApp } from './survey.ts';
import type { TestContext } from './test-app.ts';

/** What `agent-connect connection add --json` prints. */
export interface AddedConnection {
  id: number;
  kind: string;
  name: string;
  inbound_url: string;
  signing_secret: string | null;
}

/**
 * An app that mails surveys to a real SMTP sink (fast outbox worker), with the private-network
 * rule off so lookups reach the local helpdesk simulators.
 */
export async function startHelpdeskWorld(): Promise<{ ctx: TestContext; sink: SmtpSink; close: () => Promise<void> }> {
  return startMailingApp({ SMTP_FROM: 'surveys@agentconnect.test', PUBLIC_URL: 'https://feedback.example', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
}

/** `agent-connect connection add ... --json` as a real process, on the test's database. */
export async function addConnection(ctx: TestContext, company: CompanyCredentials, ...args: string[]): Promise<AddedConnection> {
  const result = await runCli(ctx.env, 'connection', 'add', '--company', company.subdomain, ...args, '--json');
  assert.equal(result.code, 0, result.stderr);
  const added = JSON.parse(result.stdout) as AddedConnection;
  assert.ok(added.inbound_url.startsWith('https://feedback.example/inbound/'), added.inbound_url);
  return added;
}

/** POSTs these bytes to the connection's inbound URL (its path, on the test app), as the helpdesk would. */
export async function postInbound(ctx: TestContext, connection: AddedConnection, raw: string, headers: Record<string, string> = {}) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: new URL(connection.inbound_url).pathname,
    payload: raw,
    headers: { 'content-type': 'application/json', 'user-agent': 'helpdesk-simulator', ...headers },
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

/** The connection's logged events, newest first. */
export function connectionEvents(ctx: TestContext, company: CompanyCredentials, connection: AddedConnection) {
  return ctx.services.connections.events(company.id, connection.id, 50);
}

/** The company's interaction with this request id in GET /v2/data. */
export async function dataRecord(ctx: TestContext, company: CompanyCredentials, requestId: string): Promise<Record<string, any>> {
  return eventually(async () => {
    const data = await ctx.as(company).get('/v2/data');
    assert.equal(data.statusCode, 200, data.body);
    return (data.json() as Record<string, any>[]).find((row) => row.uuid === requestId);
  });
}

/** The survey email sent to this address (waits for it). */
export function mailTo(sink: SmtpSink, address: string) {
  return eventually(async () => sink.received.find((mail) => mail.envelopeTo.includes(address)));
}

/** How many emails went to this address, after giving the worker time to send any more. */
export async function mailCountAfterSettling(sink: SmtpSink, address: string, ms = 600): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return sink.received.filter((mail) => mail.envelopeTo.includes(address)).length;
}
