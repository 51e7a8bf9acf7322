import type { HelpdeskAdapter } from '../connection.types.ts';

/** Placeholder until the Freshdesk adapter is built: refuses every event. */
export const freshdeskAdapter: HelpdeskAdapter = {
  kind: 'freshdesk',
  label: 'Freshdesk',
  secretSource: 'none',
  needsApi: false,
  validate: () => [],
  verify: () => 'not built yet',
  read: () => ({ action: 'skip', eventType: 'unknown', reason: 'not built yet' }),
  apiHeaders: () => ({}),
  setup: () => ({ steps: [], snippets: [] }),
  sample: () => ({}),
};
