import type { HelpdeskAdapter } from '../connection.types.ts';

/** Placeholder until the Generic adapter is built: refuses every event. */
export const genericAdapter: HelpdeskAdapter = {
  kind: 'generic',
  label: 'Generic',
  secretSource: 'none',
  needsApi: false,
  validate: () => [],
  verify: () => 'not built yet',
  read: () => ({ action: 'skip', eventType: 'unknown', reason: 'not built yet' }),
  apiHeaders: () => ({}),
  setup: () => ({ steps: [], snippets: [] }),
  sample: () => ({}),
};
