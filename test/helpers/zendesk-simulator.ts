import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { zendeskSignature } from '../../src/modules/connections/adapters/zendesk/signature.ts';

const FIXTURES = new URL('../fixtures/integrations/zendesk/', import.meta.url);

/** A fixture of test/fixtures/integrations/zendesk/, parsed afresh (callers may change it). */
export function zendeskFixture<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

/**
 * Zendesk's API as lookups see it: GET /api/v2/tickets/{id}.json (with the users and brands
 * sideloads when asked), /api/v2/users/{id}.json and /api/v2/brands/{id}.json, behind API token
 * authentication (basic auth of `{email}/token:{token}`).
 */
export interface ZendeskSimulator {
  apiBase: string;
  /** Answers by ticket id: the ticket with its sideloads, as in api-ticket-with-sideloads.json. */
  tickets: Map<string, Record<string, any>>;
  /** The next this many API requests are answered 503. */
  failNext: number;
  /** Every API request: path with query, and whether it was authenticated. */
  requests: { path: string; authorized: boolean }[];
  close(): Promise<void>;
}

export async function startZendeskSimulator(credentials: { email: string; token: string }): Promise<ZendeskSimulator> {
  const expected = `Basic ${Buffer.from(`${credentials.email}/token:${credentials.token}`).toString('base64')}`;
  const simulator: ZendeskSimulator = { apiBase: '', tickets: new Map(), failNext: 0, requests: [], close: async () => {} };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://zendesk.test');
    const authorized = request.headers.authorization === expected;
    simulator.requests.push({ path: url.pathname + url.search, authorized });
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (simulator.failNext > 0) {
      simulator.failNext -= 1;
      return send(503, { error: 'Service Unavailable' });
    }
    if (!authorized) return send(401, { error: "Couldn't authenticate you" });
    const ticketMatch = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(url.pathname);
    const userMatch = /^\/api\/v2\/users\/(\d+)\.json$/.exec(url.pathname);
    const brandMatch = /^\/api\/v2\/brands\/(\d+)\.json$/.exec(url.pathname);
    const all = [...simulator.tickets.values()];
    if (ticketMatch) {
      const found = simulator.tickets.get(ticketMatch[1]);
      if (!found) return send(404, { error: 'RecordNotFound', description: 'Not found' });
      const include = (url.searchParams.get('include') ?? '').split(',');
      return send(200, {
        ticket: found.ticket,
        ...(include.includes('users') ? { users: found.users ?? [] } : {}),
        ...(include.includes('brands') ? { brands: found.brands ?? [] } : {}),
      });
    }
    if (userMatch) {
      const user = all.flatMap((entry) => entry.users ?? []).find((item) => String(item.id) === userMatch[1]);
      return user ? send(200, { user }) : send(404, { error: 'RecordNotFound' });
    }
    if (brandMatch) {
      const brand = all.flatMap((entry) => entry.brands ?? []).find((item) => String(item.id) === brandMatch[1]);
      return brand ? send(200, { brand }) : send(404, { error: 'RecordNotFound' });
    }
    send(404, { error: 'InvalidEndpoint' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  simulator.apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  simulator.close = () => new Promise((resolve) => server.close(() => resolve()));
  return simulator;
}

/** The headers Zendesk's webhook sends with a body, signed with the webhook's signing secret. */
export function zendeskWebhookHeaders(rawBody: string, signingSecret: string, signedAt = new Date()): Record<string, string> {
  const timestamp = signedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    'user-agent': 'Zendesk Webhook',
    'x-zendesk-webhook-id': '01GK8E6BKWMJZD2T8Y5AXJQMG5',
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': zendeskSignature(signingSecret, timestamp, Buffer.from(rawBody, 'utf8')),
  };
}
