import type { EventReading, RequestDraft } from '../../connection.types.ts';
import { channelForVia } from './channels.ts';
import { languageTag, record, tagList, ticketUrl, value, withoutUndefined } from './values.ts';

export const TRIGGER_EVENT_TYPE = 'trigger:ticket.solved';

/** The body the admin pastes into the trigger's "Notify by webhook" action. */
export const TRIGGER_BODY_TEMPLATE = {
  ticket: {
    id: '{{ticket.id}}',
    status: '{{ticket.status}}',
    link: '{{ticket.link}}',
    via: '{{ticket.via}}',
    brand: '{{ticket.brand.name}}',
    tags: '{{ticket.tags}}',
    requester: { email: '{{ticket.requester.email}}', name: '{{ticket.requester.name}}', language: '{{ticket.requester.language}}' },
    assignee: { email: '{{ticket.assignee.email}}' },
  },
};

/** Statuses (as {{ticket.status}} renders them) after which a survey makes sense. */
const FINISHED = ['solved', 'closed'];

/** A trigger body: everything is in it, no lookup. */
export function readTriggerBody(ticket: Record<string, unknown>): EventReading {
  const id = value(ticket.id);
  if (!id) return { action: 'skip', eventType: TRIGGER_EVENT_TYPE, reason: 'the body has no ticket.id (paste the body from the setup guide)' };
  const status = value(ticket.status);
  if (status && !FINISHED.includes(status.toLowerCase())) {
    return { action: 'skip', eventType: TRIGGER_EVENT_TYPE, reason: `ticket status is ${status}, not solved`, eventKey: id };
  }
  const requester = record(ticket.requester) ?? {};
  const assignee = record(ticket.assignee) ?? {};
  const agentEmail = value(assignee.email);
  if (!agentEmail) return { action: 'skip', eventType: TRIGGER_EVENT_TYPE, reason: 'the ticket has no assignee', eventKey: id };
  const draft: RequestDraft = {
    customer: { email: value(requester.email), name: value(requester.name) },
    employee: { email: agentEmail },
    channel: channelForVia(ticket.via),
    brand: value(ticket.brand),
    tags: tagList(ticket.tags),
    ext_interaction_id: id,
    external_url: ticketUrl(ticket.link),
    language: languageTag(requester.language),
  };
  return { action: 'request', eventType: TRIGGER_EVENT_TYPE, eventKey: id, draft: withoutUndefined(draft) };
}
