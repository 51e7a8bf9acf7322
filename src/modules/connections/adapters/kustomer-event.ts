import type { EventReading, InboundEvent } from '../connection.types.ts';
import { arrayAt, asObject, stringAt } from './conversation-values.ts';
import { lookUpKustomerConversation, type KustomerConversationIds } from './kustomer-lookup.ts';

export const KUSTOMER_CONVERSATION_UPDATE = 'kustomer.conversation.update';

/**
 * Reads Kustomer's event envelope `{id, name, org, data: {type, id, attributes, relationships}, changes}`:
 * a request when the update moved the conversation's status to `done` and it has an assigned user.
 */
export function readKustomerEvent(event: InboundEvent): EventReading {
  const body = asObject(event.body);
  if (!body) return { action: 'skip', eventType: 'unknown', reason: 'the body is not a JSON object' };
  const eventType = stringAt(body, 'name') ?? event.headers['x-kustomer-webhook-event'] ?? 'unknown';
  if (eventType !== KUSTOMER_CONVERSATION_UPDATE) return { action: 'skip', eventType, reason: `only ${KUSTOMER_CONVERSATION_UPDATE} events make requests` };
  const data = asObject(body.data);
  const conversationId = stringAt(data, 'id');
  if (!data || stringAt(data, 'type') !== 'conversation' || !conversationId) return { action: 'skip', eventType, reason: 'data is not a conversation with an id' };

  const after = stringAt(body, 'changes', 'attributes', 'status', 'after');
  if (after !== 'done') return { action: 'skip', eventType, reason: after ? `status changed to ${after}, not done` : 'the status did not change' };

  const userId = assignedUser(data);
  if (!userId) return { action: 'skip', eventType, reason: 'the conversation has no assigned user' };
  const customerId = stringAt(data, 'relationships', 'customer', 'data', 'id') ?? stringAt(data, 'attributes', 'customer');
  if (!customerId) return { action: 'skip', eventType, reason: 'the conversation names no customer' };

  const ids: KustomerConversationIds = {
    conversationId,
    customerId,
    userId,
    brandId: stringAt(data, 'relationships', 'brand', 'data', 'id') ?? stringAt(data, 'attributes', 'brand'),
    channel: arrayAt(data, 'attributes', 'channels').find((c): c is string => typeof c === 'string') ?? stringAt(data, 'attributes', 'channel'),
    tags: arrayAt(data, 'attributes', 'tags').filter((t): t is string => typeof t === 'string' && t.trim() !== ''),
  };
  return { action: 'request', eventType, eventKey: conversationId, lookup: (client) => lookUpKustomerConversation(client, ids) };
}

/** The first assigned user: `attributes.assignedUsers` (ids) or `relationships.assignedUsers.data[].id`. */
function assignedUser(data: Record<string, unknown>): string | undefined {
  const fromAttributes = arrayAt(data, 'attributes', 'assignedUsers').find((id): id is string => typeof id === 'string' && id !== '');
  if (fromAttributes) return fromAttributes;
  return arrayAt(data, 'relationships', 'assignedUsers', 'data').map((ref) => stringAt(ref, 'id')).find((id) => id !== undefined);
}
