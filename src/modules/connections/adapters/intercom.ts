import type { HelpdeskAdapter } from '../connection.types.ts';

/** Placeholder until the Intercom adapter is built: refuses every event. */
export const intercomAdapter: HelpdeskAdapter = {
  kind: 'intercom',
  label: 'Intercom',
  secretSource: 'none',
  needsApi: false,
  validate: () => [],
  verify: () => 'not built yet',
  read: () => ({ action: 'skip', eventType: 'unknown', reason: 'not built yet' }),
  apiHeaders: () => ({}),
  setup: () => ({ steps: [], snippets: [] }),
  sample: () => ({}),
};
