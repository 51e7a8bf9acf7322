import type { Connection, HelpdeskAdapter, InboundEvent } from '../connection.types.ts';
import { apiBaseProblems, sameSecret } from './conversation-values.ts';
import { GLADLY_CONVERSATION_CLOSED, readGladlyEvent } from './gladly-event.ts';
import { verifyGladlySignature } from './gladly-signature.ts';

/**
 * Gladly: a webhook on `CONVERSATION/CLOSED` (Gladly also sends `PING`). Requests are verified as
 * Gladly signs its requests (`Gladly-Authorization`, HMAC-SHA256 over the signed headers and the
 * body, keyed by the signing key the admin pastes into Gladly), or, where the webhook uses basic
 * authentication instead, by that password. The conversation, customer profile and agent are
 * looked up with an API user's email and token (basic authentication).
 */
export const gladlyAdapter: HelpdeskAdapter = {
  kind: 'gladly',
  label: 'Gladly',
  secretSource: 'ours',
  needsApi: true,
  validate: (connection) => [
    ...apiBaseProblems(connection.apiBase, 'https://acme.gladly.com'),
    ...(connection.apiUser ? [] : ['api_user: required (the email of the Gladly user with the API User role)']),
    ...(connection.apiToken ? [] : ["api_token: required (an API token of that user)"]),
  ],
  verify: verifyGladly,
  read: (_connection, event) => readGladlyEvent(event),
  apiHeaders: (connection) => ({ authorization: `Basic ${Buffer.from(`${connection.apiUser ?? ''}:${connection.apiToken ?? ''}`).toString('base64')}` }),
  setup: (connection, inboundUrl) => ({
    steps: [
      'In Gladly, create a user with the API User role (and Agent or Administrator) for this integration, sign in as that user and create an API token under Settings › App Developer Tools › API Tokens; its email is the API user (--api-user) and the token the API token (--api-token).',
      "The API base is your organization's Gladly address, e.g. https://acme.gladly.com (--api-base).",
      `Under Settings › App Developer Tools › Webhooks, add a webhook with the URL ${inboundUrl} and the event ${GLADLY_CONVERSATION_CLOSED}.`,
      'Paste this connection\'s signing secret as the webhook\'s signing key: Gladly then signs every request in the Gladly-Authorization header. If your webhook uses basic authentication instead, use any user name and the signing secret as the password.',
      'Gladly sends a PING when the webhook is saved; it is answered 202 and shown here as skipped.',
      'A survey is requested when a conversation closes; its assigned agent (or the agent who closed it) must be an active employee here, matched by email.',
    ],
    snippets: [
      { label: 'Webhook URL', language: 'text', text: inboundUrl },
      { label: 'Events', language: 'text', text: GLADLY_CONVERSATION_CLOSED },
      { label: 'Signing key', language: 'text', text: connection.signingSecret ?? '(the signing secret shown when the connection was created)' },
    ],
  }),
  sample: () => sampleGladlyEvent(),
};

function verifyGladly(connection: Connection, event: InboundEvent): string | null {
  if (!connection.signingSecret) return 'no signing secret is set for this connection';
  const basic = /^Basic\s+(\S+)$/i.exec(event.headers.authorization ?? '');
  if (!event.headers['gladly-authorization'] && basic) {
    const password = Buffer.from(basic[1], 'base64').toString('utf8').split(':').slice(1).join(':');
    return sameSecret(password, connection.signingSecret) ? null : 'the basic authentication password does not match';
  }
  const request = { method: 'POST', path: `/inbound/${connection.publicId}`, headers: event.headers, rawBody: event.rawBody };
  return verifyGladlySignature(connection.signingSecret, request, event.receivedAt);
}

/** A `CONVERSATION/CLOSED` event as Gladly sends it (ids only). */
export function sampleGladlyEvent(): unknown {
  return {
    id: 'dZKc3Ww4RcWUvLxr3AZNkQ',
    type: GLADLY_CONVERSATION_CLOSED,
    timestamp: '2026-10-21T15:04:11.207Z',
    initiator: { id: 'zGaHeVdIQ4KTW2ewb3DiBw', type: 'AGENT' },
    content: { conversationId: 'OI9Sr3W7RVWHhDZ3qiC5Bg', customerId: 'ZIj5Bx2WQdGYaK5ajJzzDQ' },
  };
}
