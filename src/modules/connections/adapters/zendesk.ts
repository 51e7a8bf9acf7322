import type { HelpdeskAdapter } from '../connection.types.ts';

/** Placeholder until the Zendesk adapter is built: refuses every event. */
export const zendeskAdapter: HelpdeskAdapter = {
  kind: 'zendesk',
  label: 'Zendesk',
  secretSource: 'none',
  needsApi: false,
  validate: () => [],
  verify: () => 'not built yet',
  read: () => ({ action: 'skip', eventType: 'unknown', reason: 'not built yet' }),
  apiHeaders: () => ({}),
  setup: () => ({ steps: [], snippets: [] }),
  sample: () => ({}),
};
