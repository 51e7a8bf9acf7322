import type { ConnectionKind, HelpdeskAdapter } from '../connection.types.ts';
import { freshdeskAdapter } from './freshdesk.ts';
import { genericAdapter } from './generic.ts';
import { gladlyAdapter } from './gladly.ts';
import { intercomAdapter } from './intercom.ts';
import { kustomerAdapter } from './kustomer.ts';
import { salesforceAdapter } from './salesforce.ts';
import { zendeskAdapter } from './zendesk.ts';

/** Every helpdesk this installation connects to, by kind. */
export const ADAPTERS: Record<ConnectionKind, HelpdeskAdapter> = {
  zendesk: zendeskAdapter,
  freshdesk: freshdeskAdapter,
  kustomer: kustomerAdapter,
  gladly: gladlyAdapter,
  intercom: intercomAdapter,
  salesforce: salesforceAdapter,
  generic: genericAdapter,
};
