import type { EventReading, RequestDraft } from '../../connection.types.ts';
import { definedOnly, firstText, httpUrlAt, objectAt, tagList } from '../payload-values.ts';

/**
 * A ticket as Freshdesk's or Freshservice's "Trigger webhook" action sent it: the body the setup
 * guide gives (`{"ticket": {...}}`, with `contact` on Freshdesk and `requester` on Freshservice),
 * or Freshdesk's "Simple" content (`{"freshdesk_webhook": {"ticket_id": ..., ...}}`).
 */
export interface FreshTicket {
  id?: string;
  displayId?: string;
  status?: string;
  source?: string;
  url?: string;
  tags: string[];
  brand?: string;
  group?: string;
  customerEmail?: string;
  customerName?: string;
  agentEmail?: string;
}

/** Freshdesk's and Freshservice's ticket statuses that mean the work is done (names, and the API's codes 4 and 5). */
const DONE_STATUSES = new Set(['resolved', 'closed', '4', '5']);

/** Ticket sources (as placeholders render them, lower-cased, and the API's codes) by the channel they count as. */
const CHANNEL_OF_SOURCE: Record<string, string> = {
  email: 'email',
  '1': 'email',
  'outbound email': 'email',
  '10': 'email',
  portal: 'email',
  '2': 'email',
  'feedback widget': 'email',
  '9': 'email',
  forum: 'email',
  ecommerce: 'email',
  'e-commerce': 'email',
  phone: 'phone',
  '3': 'phone',
  chat: 'chat',
  '7': 'chat',
  mobihelp: 'chat',
  facebook: 'chat',
  twitter: 'chat',
  whatsapp: 'chat',
  instagram: 'chat',
  slack: 'chat',
  'ms teams': 'chat',
  'microsoft teams': 'chat',
  yammer: 'chat',
};

/** The channel a ticket source counts as; an unknown source passes through lower-cased for the company's own channels. */
export function channelOfSource(source: string): string {
  const key = source.trim().toLowerCase().replace(/\s+/g, ' ');
  return CHANNEL_OF_SOURCE[key] ?? key;
}

export function freshTicketOf(body: unknown): FreshTicket | undefined {
  const root = objectAt(body);
  if (!root) return undefined;
  const ticket = objectAt(root.ticket);
  if (ticket) return nestedTicket(ticket);
  const simple = objectAt(root.freshdesk_webhook);
  if (simple) return simpleTicket(simple);
  return undefined;
}

function nestedTicket(ticket: Record<string, unknown>): FreshTicket {
  const contact = objectAt(ticket.contact) ?? {};
  const requester = objectAt(ticket.requester) ?? {};
  const agent = objectAt(ticket.agent) ?? objectAt(ticket.responder) ?? {};
  const group = objectAt(ticket.group) ?? {};
  return {
    id: ticketId(ticket.id),
    displayId: firstText(ticket.display_id),
    status: firstText(ticket.status),
    source: firstText(ticket.source),
    url: httpUrlAt(ticket.url) ?? httpUrlAt(ticket.portal_url),
    tags: tagList(ticket.tags),
    brand: firstText(ticket.brand, ticket.product, ticket.portal_name),
    group: firstText(group.name, ticket.group_name),
    customerEmail: firstText(contact.email, requester.email, ticket.from_email),
    customerName: firstText(contact.name, requester.name),
    agentEmail: firstText(agent.email),
  };
}

function simpleTicket(fields: Record<string, unknown>): FreshTicket {
  return {
    id: ticketId(fields.ticket_id),
    status: firstText(fields.ticket_status, fields.ticket_new_status),
    source: firstText(fields.ticket_source),
    url: httpUrlAt(fields.ticket_url) ?? httpUrlAt(fields.ticket_portal_url),
    tags: tagList(fields.ticket_tags),
    brand: firstText(fields.ticket_brand, fields.ticket_product, fields.ticket_portal_name),
    group: firstText(fields.ticket_group_name),
    customerEmail: firstText(fields.ticket_contact_email, fields.ticket_requester_email, fields.ticket_from_email),
    customerName: firstText(fields.ticket_contact_name, fields.ticket_requester_name),
    agentEmail: firstText(fields.ticket_agent_email),
  };
}

/** Freshservice's `{{ticket.id}}` renders as `#SR-42`; the key keeps what identifies the ticket, without the `#`. */
function ticketId(value: unknown): string | undefined {
  const text = firstText(value);
  return text?.replace(/^#/, '');
}

/** What a Freshdesk / Freshservice ticket webhook asks for. */
export function readFreshTicket(body: unknown): EventReading {
  const ticket = freshTicketOf(body);
  if (!ticket) return { action: 'skip', eventType: 'unknown', reason: 'the body is not the JSON the setup guide gives (no "ticket" object)' };
  const status = ticket.status?.toLowerCase();
  const eventType = status ? `ticket.${status.replace(/\s+/g, '_')}` : 'ticket.updated';
  if (!ticket.id) return { action: 'skip', eventType, reason: 'the body names no ticket id' };
  if (!status || !DONE_STATUSES.has(status)) {
    return { action: 'skip', eventType, reason: `the ticket's status is ${ticket.status ?? 'missing'}, not Resolved or Closed` };
  }
  if (!ticket.agentEmail) return { action: 'skip', eventType, reason: 'the ticket has no agent' };
  return { action: 'request', eventType, eventKey: ticket.id, draft: draftOf(ticket, ticket.id) };
}

function draftOf(ticket: FreshTicket, id: string): RequestDraft {
  const draft: RequestDraft = {
    customer: definedOnly({ email: ticket.customerEmail, name: ticket.customerName }),
    employee: { email: ticket.agentEmail },
    ext_interaction_id: ticket.displayId?.replace(/^#/, '') ?? id,
  };
  if (ticket.source) draft.channel = channelOfSource(ticket.source);
  if (ticket.brand) draft.brand = ticket.brand;
  if (ticket.tags.length > 0) draft.tags = ticket.tags;
  if (ticket.url) draft.external_url = ticket.url;
  if (ticket.group) draft.custom_properties = { group: ticket.group };
  return draft;
}
