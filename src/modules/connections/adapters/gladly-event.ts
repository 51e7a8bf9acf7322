import type { EventReading, InboundEvent } from '../connection.types.ts';
import { asObject, stringAt } from './conversation-values.ts';
import { lookUpGladlyConversation } from './gladly-lookup.ts';

export const GLADLY_CONVERSATION_CLOSED = 'CONVERSATION/CLOSED';
export const GLADLY_PING = 'PING';

/** Reads Gladly's webhook event `{id, type, timestamp, initiator: {id, type}, content: {conversationId, customerId}}`. */
export function readGladlyEvent(event: InboundEvent): EventReading {
  const body = asObject(event.body);
  if (!body) return { action: 'skip', eventType: 'unknown', reason: 'the body is not a JSON object' };
  const eventType = stringAt(body, 'type') ?? 'unknown';
  if (eventType === GLADLY_PING) return { action: 'skip', eventType, reason: 'a ping from Gladly: the webhook is reachable' };
  if (eventType !== GLADLY_CONVERSATION_CLOSED) return { action: 'skip', eventType, reason: `only ${GLADLY_CONVERSATION_CLOSED} events make requests` };
  const conversationId = stringAt(body, 'content', 'conversationId');
  if (!conversationId) return { action: 'skip', eventType, reason: 'content.conversationId is missing' };
  const closingAgentId = stringAt(body, 'initiator', 'type')?.toUpperCase() === 'AGENT' ? stringAt(body, 'initiator', 'id') : undefined;
  const ids = { conversationId, customerId: stringAt(body, 'content', 'customerId'), closingAgentId };
  return { action: 'request', eventType, eventKey: conversationId, lookup: (client) => lookUpGladlyConversation(client, ids) };
}
