import type { LookupResult } from '../connection.types.ts';
import type { HelpdeskClient } from '../helpdesk-client.ts';
import { arrayAt, stringAt, usualChannel } from './conversation-values.ts';

/** What a `kustomer.conversation.update` event names by id. */
export interface KustomerConversationIds {
  conversationId: string;
  customerId: string;
  userId: string;
  brandId?: string;
  channel?: string;
  tags: string[];
}

/** Kustomer's ids look like 24 hexadecimal digits; tags given that way are looked up for their names. */
const KUSTOMER_ID = /^[0-9a-f]{24}$/i;

/**
 * Resolves a done conversation's ids through Kustomer's API (JSON:API answers `{data: {attributes}}`):
 * the customer's email and name, the assigned user's email, the brand's name and the tags' names.
 */
export async function lookUpKustomerConversation(client: HelpdeskClient, ids: KustomerConversationIds): Promise<LookupResult> {
  const customer = await client.getJson(`/v1/customers/${encodeURIComponent(ids.customerId)}`);
  const email = customerEmail(customer);
  if (!email) return { skip: `customer ${ids.customerId} has no email address` };
  const user = await client.getJson(`/v1/users/${encodeURIComponent(ids.userId)}`);
  const agentEmail = stringAt(user, 'data', 'attributes', 'email');
  if (!agentEmail) return { skip: `user ${ids.userId} has no email address` };
  const brand = ids.brandId ? stringAt(await client.getJson(`/v1/brands/${encodeURIComponent(ids.brandId)}`), 'data', 'attributes', 'name') : undefined;
  const tags = await tagNames(client, ids.tags);
  const name = stringAt(customer, 'data', 'attributes', 'displayName') ?? stringAt(customer, 'data', 'attributes', 'name');
  const externalId = stringAt(customer, 'data', 'attributes', 'externalId');
  return {
    draft: {
      customer: { email, ...(name ? { name } : {}), ...(externalId ? { custom_id: externalId } : {}) },
      employee: { email: agentEmail },
      ...(usualChannel(ids.channel) ? { channel: usualChannel(ids.channel) } : {}),
      ...(brand ? { brand } : {}),
      ...(tags.length ? { tags } : {}),
      ext_interaction_id: ids.conversationId,
    },
  };
}

function customerEmail(customer: unknown): string | undefined {
  const emails = arrayAt(customer, 'data', 'attributes', 'emails');
  return emails.map((entry) => stringAt(entry, 'email')).find((email) => email !== undefined) ?? stringAt(customer, 'data', 'attributes', 'email');
}

async function tagNames(client: HelpdeskClient, tags: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const tag of tags.slice(0, 50)) {
    names.push(KUSTOMER_ID.test(tag) ? (stringAt(await client.getJson(`/v1/tags/${tag}`), 'data', 'attributes', 'name') ?? tag) : tag);
  }
  return names;
}
