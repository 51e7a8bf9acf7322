/** What `agent-connect serve --role` runs: the HTTP API, the outbox worker, or both. */
export type Role = 'api' | 'worker' | 'all';
export const ROLES: Role[] = ['api', 'worker', 'all'];
