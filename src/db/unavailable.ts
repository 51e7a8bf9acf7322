/**
 * PostgreSQL SQLSTATEs that mean the server went away or will not take the connection now:
 * class 08 (connection exception), 57P01-57P03 (terminated by an administrator, crash,
 * starting up or shutting down), 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;

/** Socket-level failures of reaching the database server. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** What node-postgres and its pool say, without a code, when a connection is lost or cannot be had. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'Postgres connection has been discarded',
];

/**
 * Whether `error` means the database could not be reached (connection refused, lost or timed
 * out; server shutting down or starting), rather than a problem with the query itself. Such a
 * failure is worth retrying once the database is back; the HTTP layer answers it with 503.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_CODES.has(code))) return true;
    if (UNAVAILABLE_MESSAGES.some((message) => cause instanceof Error && cause.message.startsWith(message))) return true;
    if (cause instanceof AggregateError && cause.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}
