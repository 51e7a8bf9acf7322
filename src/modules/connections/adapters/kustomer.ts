import type { HelpdeskAdapter } from '../connection.types.ts';

/** Placeholder until the Kustomer adapter is built: refuses every event. */
export const kustomerAdapter: HelpdeskAdapter = {
  kind: 'kustomer',
  label: 'Kustomer',
  secretSource: 'none',
  needsApi: false,
  validate: () => [],
  verify: () => 'not built yet',
  read: () => ({ action: 'skip', eventType: 'unknown', reason: 'not built yet' }),
  apiHeaders: () => ({}),
  setup: () => ({ steps: [], snippets: [] }),
  sample: () => ({}),
};
