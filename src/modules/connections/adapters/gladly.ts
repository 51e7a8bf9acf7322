import type { HelpdeskAdapter } from '../connection.types.ts';

/** Placeholder until the Gladly adapter is built: refuses every event. */
export const gladlyAdapter: HelpdeskAdapter = {
  kind: 'gladly',
  label: 'Gladly',
  secretSource: 'none',
  needsApi: false,
  validate: () => [],
  verify: () => 'not built yet',
  read: () => ({ action: 'skip', eventType: 'unknown', reason: 'not built yet' }),
  apiHeaders: () => ({}),
  setup: () => ({ steps: [], snippets: [] }),
  sample: () => ({}),
};
