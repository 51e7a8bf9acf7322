import type { Connection, EventReading } from '../../connection.types.ts';
import { lookupTicket } from './ticket-lookup.ts';
import { record, value } from './values.ts';

export const STATUS_CHANGED = 'zen:event-type:ticket.status_changed';

/**
 * A Zendesk event-subscribed webhook's body ({type, id, subject: "zen:ticket:<id>", detail, event}):
 * only a ticket status change to solved makes a request; the requester, assignee and brand are
 * named by id in `detail`, so they are looked up through the API.
 */
export function readNativeEvent(connection: Connection, body: Record<string, unknown>, type: string): EventReading {
  const detail = record(body.detail) ?? {};
  const ticketId = value(detail.id) ?? /^zen:ticket:(\d+)$/.exec(value(body.subject) ?? '')?.[1];
  if (!type.startsWith('zen:event-type:ticket.')) return { action: 'skip', eventType: type, reason: 'not a ticket event' };
  if (type !== STATUS_CHANGED) return { action: 'skip', eventType: type, reason: 'only ticket.status_changed to solved makes a request', eventKey: ticketId };
  if (!ticketId || !/^\d+$/.test(ticketId)) return { action: 'skip', eventType: type, reason: 'the event names no ticket id' };
  const change = record(body.event);
  const current = value(change?.current) ?? value(detail.status);
  if (current?.toLowerCase() !== 'solved') {
    return { action: 'skip', eventType: type, reason: `status changed to ${current ?? 'an unknown status'}, not solved`, eventKey: ticketId };
  }
  return { action: 'request', eventType: type, eventKey: ticketId, lookup: (client) => lookupTicket(connection, client, ticketId) };
}
