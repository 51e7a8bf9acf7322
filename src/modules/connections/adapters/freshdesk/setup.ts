import type { Connection, SetupGuide } from '../../connection.types.ts';
import { SECRET_HEADER } from '../shared-secret.ts';

/** The body to paste into Freshdesk's "Trigger webhook" action (Content: Advanced), with Freshdesk's placeholders. */
export const FRESHDESK_BODY = `{
  "ticket": {
    "id": "{{ticket.id}}",
    "url": "{{ticket.url}}",
    "status": "{{ticket.status}}",
    "source": "{{ticket.source}}",
    "tags": "{{ticket.tags}}",
    "brand": "{{ticket.portal_name}}",
    "group": { "name": "{{ticket.group.name}}" },
    "contact": { "email": "{{ticket.contact.email}}", "name": "{{ticket.contact.name}}" },
    "agent": { "email": "{{ticket.agent.email}}", "name": "{{ticket.agent.name}}" }
  }
}`;

/** The same for Freshservice's Workflow Automator, whose placeholders name the requester and the numeric id. */
export const FRESHSERVICE_BODY = `{
  "ticket": {
    "id": "{{ticket.id_numeric}}",
    "display_id": "{{ticket.id}}",
    "url": "{{ticket.url}}",
    "status": "{{ticket.status}}",
    "source": "{{ticket.source}}",
    "tags": "{{ticket.tags}}",
    "group": { "name": "{{ticket.group.name}}" },
    "requester": { "email": "{{ticket.requester.email}}", "name": "{{ticket.requester.name}}" },
    "agent": { "email": "{{ticket.agent.email}}", "name": "{{ticket.agent.name}}" }
  }
}`;

export function freshdeskSetup(connection: Connection, inboundUrl: string): SetupGuide {
  const header = `${SECRET_HEADER}: ${connection.signingSecret ?? '<the signing secret shown when the connection was added>'}`;
  return {
    steps: [
      'Freshdesk: go to Admin > Workflows > Automations > Ticket updates and click New rule. Name it "Agent Connect survey".',
      'Under "When an action performed by" choose Agent or System; under "Involves any of these events" choose "Status is changed" from Any status to Resolved, and add a second event "Status is changed" from Any status to Closed.',
      'Under "Perform these actions" choose Trigger webhook: Request type POST, Callback URL the inbound URL below, no authentication.',
      `Tick "Add custom headers" and add the header below (${SECRET_HEADER} with this connection's signing secret); requests without it are refused.`,
      'Encoding JSON, Content Advanced, and paste the Freshdesk body below. Save and enable the rule.',
      'The "brand" line sends the product portal\'s name ({{ticket.portal_name}}): it must be the name or display name of one of your brands. If your company has a single brand, delete that line.',
      'Freshservice: go to Admin > Workflow Automator > New Automator > Ticket, event "Ticket is updated" with "Status is changed to Resolved" (and another for Closed), then a Trigger Webhook action with the same URL, header and JSON encoding, and paste the Freshservice body below. Freshservice has no product placeholder: if your company has several brands, add a line "brand": "<the brand name>" to it.',
      "Resolve a ticket that has an agent: its event appears in this connection's last events. Tickets whose agent is not an active employee are refused and logged with the reason; tickets tagged do_not_send or do_not_send_stella are recorded without a survey.",
    ],
    snippets: [
      { label: 'Callback URL', language: 'text', text: inboundUrl },
      { label: 'Custom header', language: 'http', text: header },
      { label: 'Freshdesk body (Content: Advanced)', language: 'json', text: FRESHDESK_BODY },
      { label: 'Freshservice body', language: 'json', text: FRESHSERVICE_BODY },
    ],
  };
}

/** Freshdesk's body as it arrives for a resolved ticket, naming this person as the contact and the agent. */
export function freshdeskSample(person: { email: string; name: string }): unknown {
  return {
    ticket: {
      id: '10042',
      url: 'https://example.freshdesk.com/a/tickets/10042',
      status: 'Resolved',
      source: 'Email',
      tags: 'agent-connect-test',
      brand: '',
      group: { name: 'Support' },
      contact: { email: person.email, name: person.name },
      agent: { email: person.email, name: person.name },
    },
  };
}
