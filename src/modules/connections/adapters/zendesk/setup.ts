import type { Connection, SetupGuide } from '../../connection.types.ts';
import { TRIGGER_BODY_TEMPLATE } from './trigger-body.ts';

/** What the admin does in Zendesk's Admin Center, and the trigger body to paste. */
export function zendeskSetup(connection: Connection, inboundUrl: string): SetupGuide {
  const hasApi = Boolean(connection.apiBase && connection.apiUser && connection.apiToken);
  const steps = [
    'In Zendesk Admin Center, open Apps and integrations > Webhooks > Webhooks and click Create webhook.',
    'Choose "Trigger or automation" as the way to connect, and name the webhook "Agent Connect".',
    `Set the endpoint URL to ${inboundUrl}, the request method to POST, the request format to JSON and authentication to None, then create the webhook.`,
    connection.signingSecret
      ? 'This connection checks X-Zendesk-Webhook-Signature with the signing secret it holds: it must be the webhook\'s signing secret (webhook page > Signing secret > Reveal secret). Requests with a missing or wrong signature are refused with 401 and logged.'
      : 'Open the webhook, click Reveal secret under Signing secret, and give it to this connection (agent-connect connection add ... --signing-secret SECRET) so every request is checked. Until then the unguessable URL above is the only secret: keep it private.',
    'Open Objects and rules > Business rules > Triggers, click Create trigger, and name it "Agent Connect survey".',
    'Under Conditions, Meet ALL of the following: Ticket > Ticket status | Changed to | Solved.',
    'Under Actions, choose Notify by > Active webhook, pick the Agent Connect webhook, paste the JSON body below, and create the trigger.',
    'Solved tickets tagged do_not_send or do_not_send_stella are recorded without a survey. The channel comes from the ticket\'s via (email, chat, phone); set the connection\'s channel option to give every request one channel.',
    hasApi
      ? 'This connection can also read Zendesk\'s native events: create a second webhook choosing "Zendesk events", subscribe it to "Ticket status changed" (zen:event-type:ticket.status_changed) with the same endpoint URL. The requester, assignee and brand are looked up through the API with the connection\'s API token.'
      : 'Instead of the trigger you may use Zendesk\'s native events (a webhook choosing "Zendesk events", subscribed to "Ticket status changed"). They name the ticket by id only, so the connection then needs --api-base https://<subdomain>.zendesk.com, --api-user (an agent\'s email) and --api-token (Admin Center > Apps and integrations > APIs > Zendesk API > Settings: enable Token access, then Add API token).',
    'Each Zendesk webhook has its own signing secret and a connection holds one: use one webhook per connection (a trigger webhook or an event webhook).',
  ];
  return {
    steps,
    snippets: [{ label: 'Trigger action: JSON body', language: 'json', text: JSON.stringify(TRIGGER_BODY_TEMPLATE, null, 2) }],
  };
}
