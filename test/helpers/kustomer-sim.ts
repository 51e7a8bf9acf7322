import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { startJsonApiSim, type JsonApiSim } from './json-api-sim.ts';

const FIXTURES = new URL('../fixtures/integrations/kustomer/', import.meta.url);

/** A fixture from test/fixtures/integrations/kustomer, parsed (a fresh copy each call). */
export function kustomerFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

export interface KustomerPeople {
  customerEmail: string;
  customerName: string;
  agentEmail: string;
  brandName: string;
}

/**
 * The simulated Kustomer API (GET /v1/customers/:id, /v1/users/:id, /v1/brands/:id, /v1/tags/:id,
 * Bearer API key), serving the fixtures with these people in them.
 */
export async function startKustomerSim(apiKey: string, people: KustomerPeople): Promise<JsonApiSim> {
  const customer = kustomerFixture('customer.json');
  customer.data.attributes.emails[0].email = people.customerEmail;
  customer.data.attributes.name = people.customerName;
  customer.data.attributes.displayName = people.customerName;
  const user = kustomerFixture('user.json');
  user.data.attributes.email = people.agentEmail;
  const brand = kustomerFixture('brand.json');
  brand.data.attributes.name = people.brandName;
  const tag = kustomerFixture('tag.json');
  return startJsonApiSim(`Bearer ${apiKey}`, {
    [`/v1/customers/${customer.data.id}`]: customer,
    [`/v1/users/${user.data.id}`]: user,
    [`/v1/brands/${brand.data.id}`]: brand,
    [`/v1/tags/${tag.data.id}`]: tag,
  });
}

/** The headers Kustomer sends with a delivery of `rawBody`, signed with the webhook's token. */
export function kustomerDeliveryHeaders(token: string, rawBody: string, eventName = 'kustomer.conversation.update'): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-kustomer-webhook-event': eventName,
    'x-kustomer-webhook-signature': createHmac('sha256', token).update(rawBody).digest('hex'),
  };
}
