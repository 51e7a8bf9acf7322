import assert from 'node:assert/strict';
import { runCli } from './cli.ts';
import type { SmtpSink } from './smtp-sink.ts';
import type { TestContext } from './test-app.ts';
import type { AddedConnection as PrintedConnection } from './helpdesk-world.ts';

export { dataRecord } from './helpdesk-world.ts';

/** What `agent-connect connection add --json` prints, with the inbound URL's path to post to with app.inject. */
export interface AddedConnection extends PrintedConnection {
  path: string;
}

/** `agent-connect connection add ... --json` as a real process; asserts it succeeds. */
export async function addConnection(ctx: TestContext, subdomain: string, args: string[]): Promise<AddedConnection> {
  const result = await runCli(ctx.env, 'connection', 'add', '--company', subdomain, ...args, '--json');
  assert.equal(result.code, 0, `connection add: ${result.stderr}${result.stdout}`);
  const added = JSON.parse(result.stdout) as Omit<AddedConnection, 'path'>;
  return { ...added, path: new URL(added.inbound_url).pathname };
}

/** Posts raw bytes to a connection's inbound URL as the helpdesk would. */
export async function postInbound(ctx: TestContext, path: string, raw: string, headers: Record<string, string>) {
  const response = await ctx.app.inject({ method: 'POST', url: path, headers, payload: raw });
  let body: Record<string, unknown> = {};
  try {
    body = response.json();
  } catch {
    body = { raw: response.body };
  }
  return { statusCode: response.statusCode, body };
}

export async function connectionEvents(ctx: TestContext, companyId: number, connectionId: number) {
  return ctx.services.connections.events(companyId, connectionId, 100);
}

/** Mails the sink received for this address. */
export const mailsTo = (sink: SmtpSink, address: string) => sink.received.filter((mail) => mail.envelopeTo.includes(address));

/** The outbox rows that retry or defer this company's connection events. */
export async function connectionEventJobs(ctx: TestContext, companyId: number) {
  return ctx.db.kysely.selectFrom('outbox').selectAll().where('company_id', '=', companyId).where('kind', '=', 'connection_event').execute();
}

/** Time passes for the deferred connection events of a company: their jobs become due now. */
export async function makeConnectionEventsDue(ctx: TestContext, companyId: number) {
  await ctx.db.kysely.updateTable('outbox').set({ available_at: Date.now() }).where('company_id', '=', companyId).where('kind', '=', 'connection_event').where('status', '=', 'pending').execute();
}
