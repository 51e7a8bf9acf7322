import type { LookupResult } from '../connection.types.ts';
import type { HelpdeskClient } from '../helpdesk-client.ts';
import { arrayAt, asObject, stringAt, usualChannel } from './conversation-values.ts';

/** What a `CONVERSATION/CLOSED` event names by id. */
export interface GladlyConversationIds {
  conversationId: string;
  customerId?: string;
  /** The event's initiator when it is an agent: who closed the conversation. */
  closingAgentId?: string;
}

/**
 * Resolves a closed conversation through Gladly's REST API: the conversation (its assignee,
 * customer, channel and topics), the customer profile (emails, name) and the agent (email).
 */
export async function lookUpGladlyConversation(client: HelpdeskClient, ids: GladlyConversationIds): Promise<LookupResult> {
  const conversation = await client.getJson(`/api/v1/conversations/${encodeURIComponent(ids.conversationId)}`);
  const agentId = stringAt(conversation, 'assignee', 'agentId') ?? ids.closingAgentId;
  if (!agentId) return { skip: 'the conversation has no assigned agent' };
  const customerId = ids.customerId ?? stringAt(conversation, 'customerId');
  if (!customerId) return { skip: 'the conversation names no customer' };

  const profile = await client.getJson(`/api/v1/customer-profiles/${encodeURIComponent(customerId)}`);
  const email = profileEmail(profile);
  if (!email) return { skip: `customer ${customerId} has no email address` };
  const agent = await client.getJson(`/api/v1/agents/${encodeURIComponent(agentId)}`);
  const agentEmail = stringAt(agent, 'emailAddress') ?? stringAt(agent, 'email');
  if (!agentEmail) return { skip: `agent ${agentId} has no email address` };

  const name = stringAt(profile, 'name');
  const externalId = stringAt(profile, 'externalCustomerId');
  const channel = usualChannel(stringAt(conversation, 'channel'));
  const tags = topicNames(conversation);
  return {
    draft: {
      customer: { email, ...(name ? { name } : {}), ...(externalId ? { custom_id: externalId } : {}) },
      employee: { email: agentEmail },
      ...(channel ? { channel } : {}),
      ...(tags.length ? { tags } : {}),
      ext_interaction_id: ids.conversationId,
    },
  };
}

/** The primary email of a customer profile (`emails: [{original, primary?}]`), else its first. */
function profileEmail(profile: unknown): string | undefined {
  const emails = arrayAt(profile, 'emails');
  const primary = emails.find((entry) => asObject(entry)?.primary === true);
  return stringAt(primary, 'original') ?? emails.map((entry) => stringAt(entry, 'original') ?? (typeof entry === 'string' ? entry : undefined)).find(Boolean);
}

/** Topic names where the conversation carries them (`topics: [{id, name}]`): they become tags. */
function topicNames(conversation: unknown): string[] {
  return arrayAt(conversation, 'topics').map((topic) => stringAt(topic, 'name')).filter((name): name is string => name !== undefined);
}
