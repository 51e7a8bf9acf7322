import { randomInt } from 'node:crypto';
import type { Connection, EventReading, HelpdeskAdapter, InboundEvent } from '../connection.types.ts';
import { isHttpUrl } from '../../../lib/validators.ts';
import { readNativeEvent } from './zendesk/native-event.ts';
import { zendeskSetup } from './zendesk/setup.ts';
import { verifyZendeskSignature } from './zendesk/signature.ts';
import { readTriggerBody } from './zendesk/trigger-body.ts';
import { record } from './zendesk/values.ts';

/**
 * Zendesk: a trigger on "ticket solved" posting the body of the setup guide (everything in it),
 * or Zendesk's native `zen:event-type:ticket.status_changed` events (ids only, looked up through
 * the API). Both come from Zendesk webhooks, which sign every request.
 */
export const zendeskAdapter: HelpdeskAdapter = {
  kind: 'zendesk',
  label: 'Zendesk',
  secretSource: 'helpdesk',
  // Trigger bodies carry everything; only native events need the API (checked when one arrives).
  needsApi: false,
  validate: validateZendesk,
  verify: verifyZendeskSignature,
  read: readZendesk,
  apiHeaders: (connection): Record<string, string> => {
    if (!connection.apiUser || !connection.apiToken) return {};
    const user = connection.apiUser.endsWith('/token') ? connection.apiUser : `${connection.apiUser}/token`;
    return { authorization: `Basic ${Buffer.from(`${user}:${connection.apiToken}`, 'utf8').toString('base64')}` };
  },
  setup: zendeskSetup,
  sample: (person) => ({
    ticket: {
      id: String(randomInt(100_000, 1_000_000)),
      status: 'Solved',
      link: 'example.zendesk.com/agent/tickets/1',
      via: 'Email',
      brand: '',
      tags: 'sample',
      requester: { email: person.email, name: person.name, language: '' },
      assignee: { email: person.email },
    },
  }),
};

function validateZendesk(connection: Connection): string[] {
  const problems: string[] = [];
  const given = [connection.apiBase, connection.apiUser, connection.apiToken].filter(Boolean).length;
  if (given > 0 && given < 3) problems.push('api_base, api_user and api_token go together: give all three (for native Zendesk events) or none (trigger bodies only)');
  if (connection.apiBase && !isHttpUrl(connection.apiBase)) problems.push('api_base must be an http or https URL such as https://acme.zendesk.com');
  return problems;
}

function readZendesk(connection: Connection, event: InboundEvent): EventReading {
  const body = record(event.body);
  const ticket = record(body?.ticket);
  if (ticket) return readTriggerBody(ticket);
  const type = typeof body?.type === 'string' ? body.type : undefined;
  if (body && type?.startsWith('zen:event-type:')) return readNativeEvent(connection, body, type);
  return { action: 'skip', eventType: 'unknown', reason: 'neither the trigger body of the setup guide nor a Zendesk event' };
}
