import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gladlyAuthorization, gladlyTime } from '../../src/modules/connections/adapters/gladly-signature.ts';
import { startJsonApiSim, type JsonApiSim } from './json-api-sim.ts';

const FIXTURES = new URL('../fixtures/integrations/gladly/', import.meta.url);

/** A fixture from test/fixtures/integrations/gladly, parsed (a fresh copy each call). */
export function gladlyFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

export interface GladlyPeople {
  customerEmail: string;
  customerName: string;
  agentEmail: string;
}

/**
 * The simulated Gladly API (GET /api/v1/conversations/:id, /api/v1/customer-profiles/:id,
 * /api/v1/agents/:id, basic authentication with the API user and token), serving the fixtures with
 * these people in them.
 */
export async function startGladlySim(apiUser: string, apiToken: string, people: GladlyPeople): Promise<JsonApiSim> {
  const conversation = gladlyFixture('conversation.json');
  const profile = gladlyFixture('customer-profile.json');
  profile.emails[1].original = people.customerEmail;
  profile.name = people.customerName;
  const agent = gladlyFixture('agent.json');
  agent.emailAddress = people.agentEmail;
  return startJsonApiSim(`Basic ${Buffer.from(`${apiUser}:${apiToken}`).toString('base64')}`, {
    [`/api/v1/conversations/${conversation.id}`]: conversation,
    [`/api/v1/customer-profiles/${profile.id}`]: profile,
    [`/api/v1/agents/${agent.id}`]: agent,
  });
}

/** The headers Gladly sends with a POST of `rawBody` to `path`, signed with the signing key. */
export function gladlyDeliveryHeaders(signingKey: string, path: string, rawBody: string, at = new Date()): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    'gladly-correlation-id': randomBytes(16).toString('base64url'),
    'gladly-time': gladlyTime(at),
    'x-b3-traceid': randomBytes(16).toString('hex'),
  };
  headers['gladly-authorization'] = gladlyAuthorization(signingKey, { method: 'POST', path, headers, rawBody: Buffer.from(rawBody) }, Object.keys(headers));
  return headers;
}
