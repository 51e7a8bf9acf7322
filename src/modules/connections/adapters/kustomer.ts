import type { Connection, HelpdeskAdapter, InboundEvent } from '../connection.types.ts';
import { apiBaseProblems, hmacSha256Hex, sameSecret } from './conversation-values.ts';
import { KUSTOMER_CONVERSATION_UPDATE, readKustomerEvent } from './kustomer-event.ts';

/**
 * Kustomer: an outbound webhook on `kustomer.conversation.update`, signed by Kustomer with
 * `X-Kustomer-Webhook-Signature` (lower-case hex HMAC-SHA256 of the raw body, keyed by the webhook's
 * `token`). Events carry ids only: the customer, the assigned user, the brand and tag names are
 * looked up with an API key (`Authorization: Bearer`).
 */
export const kustomerAdapter: HelpdeskAdapter = {
  kind: 'kustomer',
  label: 'Kustomer',
  secretSource: 'helpdesk',
  needsApi: true,
  validate: (connection) => [
    ...apiBaseProblems(connection.apiBase, 'https://acme.api.kustomerapp.com'),
    ...(connection.apiToken ? [] : ['api_token: required (a Kustomer API key with org.permission.customer.read, org.permission.user.read, org.permission.brand.read and org.permission.tag.read)']),
    ...(connection.signingSecret ? [] : ["signing_secret: required (the outbound webhook's token, shown by Kustomer when the webhook is created)"]),
  ],
  verify: verifyKustomer,
  read: (_connection, event) => readKustomerEvent(event),
  apiHeaders: (connection) => ({ authorization: `Bearer ${connection.apiToken ?? ''}` }),
  setup: (connection, inboundUrl) => ({
    steps: [
      'In Kustomer, go to Settings › Security › API keys and create a key with the roles org.permission.customer.read, org.permission.user.read, org.permission.brand.read and org.permission.tag.read; it is this connection\'s API token (--api-token).',
      "The API base is your organization's API address, e.g. https://acme.api.kustomerapp.com (--api-base).",
      `Go to Settings › Platform › Outbound webhooks and create a webhook on the event ${KUSTOMER_CONVERSATION_UPDATE} with the URL ${inboundUrl} (or create it with the API request below).`,
      "Copy the webhook's token (Edit › Header information) into this connection's signing secret: Kustomer signs every delivery with it in X-Kustomer-Webhook-Signature.",
      'A survey is requested when a conversation is marked done and has an assigned user; the user\'s email must be an active employee here. Tag a conversation do_not_send to record it without a survey.',
      connection.options.delay_minutes
        ? `Requests wait ${connection.options.delay_minutes} minutes after the conversation is done.`
        : 'To wait before the survey goes out, create the connection with --delay-minutes N.',
    ],
    snippets: [
      {
        label: 'Create the outbound webhook with the API',
        language: 'http',
        text: [
          `POST ${connection.apiBase ?? 'https://acme.api.kustomerapp.com'}/v1/outbound-webhooks`,
          'Authorization: Bearer <an API key with org.admin.apps>',
          'Content-Type: application/json',
          '',
          JSON.stringify({ name: `Agent Connect: ${connection.name}`, url: inboundUrl, events: [KUSTOMER_CONVERSATION_UPDATE] }, null, 2),
        ].join('\n'),
      },
    ],
  }),
  sample: () => sampleKustomerEvent(),
};

function verifyKustomer(connection: Connection, event: InboundEvent): string | null {
  if (!connection.signingSecret) return 'no signing secret is set for this connection';
  const signature = event.headers['x-kustomer-webhook-signature']?.trim().toLowerCase().replace(/^sha256=/, '');
  if (!signature) return 'no X-Kustomer-Webhook-Signature header';
  return sameSecret(signature, hmacSha256Hex(connection.signingSecret, event.rawBody)) ? null : 'X-Kustomer-Webhook-Signature does not match the body';
}

/** A `kustomer.conversation.update` marking a conversation done (ids only, as Kustomer sends them). */
export function sampleKustomerEvent(): unknown {
  return {
    id: '6717c2b1e5b1f00012ab3511',
    name: KUSTOMER_CONVERSATION_UPDATE,
    org: '5f8481c6a22ab5b9d5f2dd8a',
    partition: '5f8481c6a22ab5b9d5f2dd8a',
    data: {
      type: 'conversation',
      id: '6717c2a9e5b1f00012ab3502',
      attributes: {
        name: 'Where is my order?',
        status: 'done',
        channels: ['email'],
        assignedUsers: ['5f8481c7a22ab5b9d5f2dd91'],
        tags: [],
        updatedAt: '2026-10-21T15:04:11.207Z',
      },
      relationships: {
        customer: { data: { type: 'customer', id: '6717c29de5b1f00012ab34b9' } },
        brand: { data: { type: 'brand', id: '5f8481c6a22ab5b9d5f2dd8c' } },
      },
      links: { self: '/v1/conversations/6717c2a9e5b1f00012ab3502' },
    },
    changes: { attributes: { status: { before: 'open', after: 'done' } } },
  };
}
