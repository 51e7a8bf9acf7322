/** What `agent-connect serve --role` runs: the HTTP API, the outbox worker, or both. */
export type Role = 'api' | 'worker' | 'all';
export const ROLES: Role[] = ['api', 'worker', 'all'];

/** `serve` could not start for a reason the operator can fix; the message says which variable to change. */
export class StartupError extends Error {}
