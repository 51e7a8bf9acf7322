import type { HelpdeskAdapter } from '../connection.types.ts';
import { INTERCOM_API_VERSION } from './intercom/lookup.ts';
import { readIntercomNotification } from './intercom/notification.ts';
import { intercomSample, intercomSetup } from './intercom/setup.ts';
import { intercomSignatureProblem } from './intercom/signature.ts';

/**
 * Intercom: `conversation.admin.closed` webhook notifications, signed with the app's client secret
 * (X-Hub-Signature); the contact's and the admin's emails are looked up through Intercom's API.
 */
export const intercomAdapter: HelpdeskAdapter = {
  kind: 'intercom',
  label: 'Intercom',
  secretSource: 'helpdesk',
  needsApi: true,
  validate: (connection) => {
    const problems: string[] = [];
    if (!connection.apiBase) problems.push('api_base is required: https://api.intercom.io, or https://api.eu.intercom.io / https://api.au.intercom.io for workspaces hosted there');
    if (!connection.apiToken) problems.push("api_token is required: the access token of your Intercom app, to look up contacts' and admins' emails");
    if (!connection.signingSecret) problems.push('signing_secret is required: the client secret of your Intercom app, which signs its notifications');
    return problems;
  },
  verify: (connection, event) => (connection.signingSecret ? intercomSignatureProblem(connection.signingSecret, event) : 'the connection has no signing secret (the Intercom app\'s client secret)'),
  read: (_connection, event) => readIntercomNotification(event.body),
  apiHeaders: (connection) => ({
    authorization: `Bearer ${connection.apiToken ?? ''}`,
    'intercom-version': INTERCOM_API_VERSION,
  }),
  setup: intercomSetup,
  sample: intercomSample,
};
