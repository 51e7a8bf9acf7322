import type { HelpdeskAdapter } from '../connection.types.ts';
import { readFreshTicket } from './freshdesk/ticket-event.ts';
import { freshdeskSample, freshdeskSetup } from './freshdesk/setup.ts';
import { sharedSecretProblem } from './shared-secret.ts';

/**
 * Freshdesk and Freshservice: an automation rule on "Status is changed to Resolved / Closed" whose
 * "Trigger webhook" action posts the JSON the setup guide gives. They cannot sign, so the rule adds
 * our secret in a header.
 */
export const freshdeskAdapter: HelpdeskAdapter = {
  kind: 'freshdesk',
  label: 'Freshdesk / Freshservice',
  secretSource: 'ours',
  needsApi: false,
  validate: () => [],
  verify: sharedSecretProblem,
  read: (_connection, event) => readFreshTicket(event.body),
  apiHeaders: () => ({}),
  setup: freshdeskSetup,
  sample: freshdeskSample,
};
