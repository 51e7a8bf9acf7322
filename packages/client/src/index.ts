export { AgentConnectClient, type Feed } from './client.js';
export { AgentConnectOperations, type CreateOptions } from './operations.js';
export type { ClientOptions } from './http.js';
export * from './errors.js';
export * from './types.js';
export { parseJsonArrayStream } from './json-array-stream.js';
