import { LookupError, type HelpdeskClient } from '../../helpdesk-client.ts';
import type { Connection, LookupResult } from '../../connection.types.ts';
import { channelForVia } from './channels.ts';
import { languageTag, record, tagList, value, withoutUndefined } from './values.ts';

export const MISSING_CREDENTIALS =
  'Zendesk events name the ticket by id only: set the connection up with --api-base, --api-user and --api-token to look tickets up';

/** Statuses the ticket may have by the time it is looked up (a retry can come after Zendesk closed it). */
const FINISHED = ['solved', 'closed'];

type Item = Record<string, unknown>;

/**
 * GET /api/v2/tickets/{id}.json?include=users,brands (Zendesk's sideloads), then the users and
 * brands endpoints for anything the sideloads left out.
 */
export async function lookupTicket(connection: Connection, client: HelpdeskClient, ticketId: string): Promise<LookupResult> {
  if (!connection.apiBase || !connection.apiUser || !connection.apiToken) throw new LookupError(MISSING_CREDENTIALS, false);
  const answer = record(await client.getJson(`/api/v2/tickets/${ticketId}.json?include=users,brands`));
  const ticket = record(answer?.ticket);
  if (!ticket) throw new LookupError(`GET /api/v2/tickets/${ticketId}.json answered without a ticket`, false);
  const status = value(ticket.status)?.toLowerCase();
  if (status && !FINISHED.includes(status)) return { skip: `the ticket is ${status} again` };
  const assigneeId = value(ticket.assignee_id);
  if (!assigneeId) return { skip: 'the ticket has no assignee' };
  const users = listed(answer?.users);
  const brands = listed(answer?.brands);
  const requesterId = value(ticket.requester_id);
  const requester = requesterId ? (byId(users, requesterId) ?? (await fetchOne(client, 'users', 'user', requesterId))) : undefined;
  const assignee = byId(users, assigneeId) ?? (await fetchOne(client, 'users', 'user', assigneeId));
  const brandId = value(ticket.brand_id);
  const brand = brandId ? (byId(brands, brandId) ?? (await fetchOne(client, 'brands', 'brand', brandId))) : undefined;
  const base = connection.apiBase.replace(/\/+$/, '');
  return {
    draft: withoutUndefined({
      customer: { email: value(requester?.email), name: value(requester?.name) },
      employee: { email: value(assignee?.email) },
      channel: channelForVia(record(ticket.via)?.channel),
      brand: value(brand?.name),
      tags: tagList(ticket.tags),
      ext_interaction_id: ticketId,
      external_url: `${base}/agent/tickets/${ticketId}`,
      language: languageTag(requester?.locale),
    }),
  };
}

function listed(input: unknown): Item[] {
  return Array.isArray(input) ? input.map(record).filter((item): item is Item => item !== undefined) : [];
}

function byId(items: Item[], id: string): Item | undefined {
  return items.find((item) => value(item.id) === id);
}

async function fetchOne(client: HelpdeskClient, collection: string, member: string, id: string): Promise<Item | undefined> {
  return record(record(await client.getJson(`/api/v2/${collection}/${id}.json`))?.[member]);
}
