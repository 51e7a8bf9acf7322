import type { EventReading, RequestDraft } from '../../connection.types.ts';
import { lookUpIntercomPeople, type KnownPeople } from './lookup.ts';
import { definedOnly, firstText, objectAt, tagList } from '../payload-values.ts';

/** The topic of a conversation an admin (or a workflow on their behalf) closed. */
export const CLOSED_TOPIC = 'conversation.admin.closed';

/**
 * A closed conversation as Intercom's webhook notification carries it
 * (`{"type": "notification_event", "topic", "app_id", "data": {"item": <conversation>}}`). Fields
 * of API versions 2.x (`admin_assignee_id`, `contacts`, `teammates`) and 1.x (`assignee`,
 * `customers`, `user`) are both read.
 */
export interface ClosedConversation {
  id: string;
  workspaceId?: string;
  /** The admin the survey is about: the assignee, else the admin who closed it. */
  adminId?: string;
  /** Why no survey: a bot (Operator, Fin) closed it or is its assignee. */
  botReason?: string;
  contactId?: string;
  /** What the notification itself says of the contact and the admin (used when they are gone from the API). */
  known: KnownPeople;
  sourceType?: string;
  tags: string[];
}

/** Intercom's conversation source types by the channel they count as. */
const CHANNEL_OF_SOURCE: Record<string, string> = {
  conversation: 'chat',
  email: 'email',
  phone_call: 'phone',
  phone_switch: 'phone',
  sms: 'chat',
  whatsapp: 'chat',
  facebook: 'chat',
  instagram: 'chat',
  twitter: 'chat',
  push: 'chat',
};

export function channelOfIntercomSource(type: string): string {
  return CHANNEL_OF_SOURCE[type.toLowerCase()] ?? type.toLowerCase();
}

/** What an Intercom notification asks for: a request once its contact and admin are looked up, or nothing. */
export function readIntercomNotification(body: unknown): EventReading {
  const notification = objectAt(body);
  const topic = firstText(notification?.topic);
  if (!notification || notification.type !== 'notification_event' || !topic) {
    return { action: 'skip', eventType: 'unknown', reason: 'not an Intercom webhook notification' };
  }
  if (topic !== CLOSED_TOPIC) return { action: 'skip', eventType: topic, reason: `topic ${topic} makes no request (subscribe to ${CLOSED_TOPIC})` };
  const conversation = closedConversationOf(notification);
  if (!conversation) return { action: 'skip', eventType: topic, reason: 'the notification carries no conversation id' };
  if (conversation.botReason) return { action: 'skip', eventType: topic, reason: conversation.botReason };
  if (!conversation.adminId) return { action: 'skip', eventType: topic, reason: 'the conversation has no admin assignee' };
  if (!conversation.contactId) return { action: 'skip', eventType: topic, reason: 'the conversation names no contact' };
  const adminId = conversation.adminId;
  const contactId = conversation.contactId;
  return {
    action: 'request',
    eventType: topic,
    eventKey: conversation.id,
    lookup: async (client) => {
      const people = await lookUpIntercomPeople(client, contactId, adminId, conversation.known);
      if ('skip' in people) return people;
      return { draft: { ...conversationDraft(conversation), customer: people.customer, employee: people.employee } };
    },
  };
}

export function closedConversationOf(notification: Record<string, unknown>): ClosedConversation | undefined {
  const item = objectAt(objectAt(notification.data)?.item);
  const id = firstText(item?.id);
  if (!item || !id) return undefined;
  const closer = closingAuthor(item);
  const assignee = objectAt(item.assignee);
  const assigneeId = firstText(item.admin_assignee_id) ?? (assignee?.type === 'admin' ? firstText(assignee.id) : undefined);
  const adminId = assigneeId ?? (closer?.type === 'admin' ? firstText(closer.id) : undefined);
  const contactId = contactIdOf(item);
  return {
    id,
    workspaceId: firstText(notification.app_id),
    adminId,
    botReason: botReason(closer, assignee, assigneeId, item),
    contactId,
    known: knownPeople(item, contactId, adminId),
    sourceType: firstText(objectAt(item.source)?.type),
    tags: tagList(tagItems(item.tags).map((tag) => objectAt(tag)?.name ?? tag)),
  };
}

/** The author of the conversation's last `close` part (the webhook's parts are the ones that triggered it). */
function closingAuthor(item: Record<string, unknown>): Record<string, unknown> | undefined {
  const list = objectAt(item.conversation_parts);
  const parts = Array.isArray(list?.conversation_parts) ? list.conversation_parts : [];
  for (let index = parts.length - 1; index >= 0; index--) {
    const part = objectAt(parts[index]);
    if (part?.part_type === 'close') return objectAt(part.author);
  }
  return undefined;
}

function botReason(
  closer: Record<string, unknown> | undefined,
  assignee: Record<string, unknown> | undefined,
  assigneeId: string | undefined,
  item: Record<string, unknown>,
): string | undefined {
  if (closer?.type === 'bot') return `a bot (${firstText(closer.name) ?? 'Operator'}) closed the conversation`;
  if (assignee?.type === 'bot') return 'the conversation is assigned to a bot';
  const teammates = objectAt(item.teammates);
  const admins = Array.isArray(teammates?.admins) ? teammates.admins : Array.isArray(teammates?.teammates) ? teammates.teammates : [];
  const assigned = admins.map(objectAt).find((admin) => admin && assigneeId !== undefined && firstText(admin.id) === assigneeId);
  if (assigned?.type === 'bot') return 'the conversation is assigned to a bot';
  return undefined;
}

/** The authors the notification carries (the source's and the parts'), by id: their names and emails. */
function knownPeople(item: Record<string, unknown>, contactId: string | undefined, adminId: string | undefined): KnownPeople {
  const list = objectAt(item.conversation_parts);
  const parts = Array.isArray(list?.conversation_parts) ? list.conversation_parts : [];
  const authors = [objectAt(item.source)?.author, ...parts.map((part) => objectAt(part)?.author)].map(objectAt);
  const known: KnownPeople = {};
  for (const author of authors) {
    const id = firstText(author?.id);
    if (!author || !id) continue;
    const person = definedOnly({ email: firstText(author.email), name: firstText(author.name) });
    if (author.type === 'admin' && id === adminId && person.email) known.admin ??= person;
    if (author.type !== 'admin' && author.type !== 'bot' && id === contactId && person.email) known.contact ??= person;
  }
  return known;
}

function contactIdOf(item: Record<string, unknown>): string | undefined {
  const contacts = objectAt(item.contacts);
  const list = Array.isArray(contacts?.contacts) ? contacts.contacts : Array.isArray(item.customers) ? item.customers : [];
  for (const contact of list) {
    const id = firstText(objectAt(contact)?.id);
    if (id) return id;
  }
  return firstText(objectAt(item.user)?.id);
}

function tagItems(tags: unknown): unknown[] {
  if (Array.isArray(tags)) return tags;
  const list = objectAt(tags);
  return Array.isArray(list?.tags) ? list.tags : [];
}

function conversationDraft(conversation: ClosedConversation): Omit<RequestDraft, 'customer' | 'employee'> {
  const draft: Omit<RequestDraft, 'customer' | 'employee'> = { ext_interaction_id: conversation.id };
  if (conversation.sourceType) draft.channel = channelOfIntercomSource(conversation.sourceType);
  if (conversation.tags.length > 0) draft.tags = conversation.tags;
  if (conversation.workspaceId) {
    draft.external_url = `https://app.intercom.com/a/inbox/${encodeURIComponent(conversation.workspaceId)}/inbox/conversation/${encodeURIComponent(conversation.id)}`;
  }
  return draft;
}
