import type { HelpdeskAdapter } from '../connection.types.ts';

/** Placeholder until the Salesforce adapter is built: refuses every event. */
export const salesforceAdapter: HelpdeskAdapter = {
  kind: 'salesforce',
  label: 'Salesforce',
  secretSource: 'none',
  needsApi: false,
  validate: () => [],
  verify: () => 'not built yet',
  read: () => ({ action: 'skip', eventType: 'unknown', reason: 'not built yet' }),
  apiHeaders: () => ({}),
  setup: () => ({ steps: [], snippets: [] }),
  sample: () => ({}),
};
