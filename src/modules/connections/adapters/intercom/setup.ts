import type { Connection, SetupGuide } from '../../connection.types.ts';
import { CLOSED_TOPIC } from './notification.ts';
import { INTERCOM_API_BASE } from './lookup.ts';

export function intercomSetup(connection: Connection, inboundUrl: string): SetupGuide {
  return {
    steps: [
      "In Intercom's Developer Hub (Settings > Integrations > Developer Hub), create an app for your workspace (or open the one you use for integrations).",
      'Under Authentication, give it the permissions "Read admins", "Read one user and one company" (or "Read users and companies") and "Read conversations", and copy its access token: it is this connection\'s API token, used to look up the contact\'s and the admin\'s email addresses.',
      "Under Basic information, copy the app's Client secret: it is this connection's signing secret. Intercom signs every notification with it (X-Hub-Signature); notifications that do not match are refused.",
      `Set the API base to your workspace's region: ${INTERCOM_API_BASE} (US), https://api.eu.intercom.io (Europe) or https://api.au.intercom.io (Australia).`,
      `Under Webhooks, set the endpoint URL to the inbound URL below and subscribe to the topic ${CLOSED_TOPIC}. Save: Intercom's ping is answered and logged as skipped.`,
      'Send a test event: its lookups check the API base and token (a wrong token is reported), and the sample person stands in for the unknown sample contact and admin.',
      'Close a conversation assigned to a teammate: the survey goes to its contact. Conversations closed by or assigned to a bot (Operator, Fin) send nothing; conversations tagged do_not_send or do_not_send_stella are recorded without a survey. A conversation closed again after reopening sends nothing twice.',
      connection.apiToken && connection.signingSecret && connection.apiBase
        ? 'This connection has an API base, an API token and a signing secret.'
        : 'This connection still needs its API base, API token and signing secret: add it again with them (see the command below).',
    ],
    snippets: [
      { label: 'Endpoint URL', language: 'text', text: inboundUrl },
      { label: 'Topic', language: 'text', text: CLOSED_TOPIC },
      {
        label: 'Command line',
        language: 'text',
        text: `agent-connect connection add --company <subdomain> --kind intercom --name "${connection.name}" --api-base ${connection.apiBase ?? INTERCOM_API_BASE} --api-token <access token> --signing-secret <client secret>`,
      },
    ],
  };
}

/**
 * A `conversation.admin.closed` notification as Intercom sends it (API 2.x): the closing admin
 * and the conversation's source carry this person's name and email. Its ids are looked up as a
 * real event's are, which checks the API token; Intercom answers 404 for them, so the names the
 * notification carries stand in.
 */
export function intercomSample(person: { email: string; name: string }): unknown {
  const now = Math.floor(Date.now() / 1000);
  return {
    type: 'notification_event',
    app_id: 'sample',
    id: 'notif_00000000-0000-4000-8000-000000000000',
    topic: CLOSED_TOPIC,
    delivery_status: 'pending',
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: now,
    created_at: now,
    self: null,
    data: {
      type: 'notification_event_data',
      item: {
        type: 'conversation',
        id: '900000000000001',
        created_at: now - 600,
        updated_at: now,
        open: false,
        state: 'closed',
        admin_assignee_id: 900001,
        team_assignee_id: null,
        source: {
          type: 'conversation',
          id: '900000000000002',
          delivered_as: 'customer_initiated',
          author: { type: 'user', id: '900000000000000000000001', name: person.name, email: person.email },
        },
        contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: '900000000000000000000001', external_id: null }] },
        teammates: { type: 'admin.list', admins: [{ type: 'admin', id: '900001' }] },
        tags: { type: 'tag.list', tags: [] },
        conversation_parts: {
          type: 'conversation_part.list',
          conversation_parts: [
            {
              type: 'conversation_part',
              id: '900000000000003',
              part_type: 'close',
              body: null,
              created_at: now,
              author: { type: 'admin', id: '900001', name: person.name, email: person.email },
            },
          ],
          total_count: 1,
        },
      },
    },
  };
}
