/** An answer other than 2xx, after retries: carries the status and the server's messages. */
export class AgentConnectError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Every problem the server named (`validation_errors`, or `errors` of a 422). */
    readonly messages: string[],
    readonly body: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request was refused; `messages` lists every problem. */
export class ValidationError extends AgentConnectError {}
/** 403: missing or wrong API key, or a JWT the server does not accept. */
export class AuthenticationError extends AgentConnectError {}
/** 404: no such record (an employee, an integration...). */
export class NotFoundError extends AgentConnectError {}
/** 422: well-formed but semantically wrong (provisioning, authoring, a reused Idempotency-Key). */
export class UnprocessableError extends AgentConnectError {}
/** 429 that outlasted the client's retries. */
export class RateLimitError extends AgentConnectError {}

/** Builds the typed error for a response body. */
export function errorFor(status: number, body: unknown): AgentConnectError {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const list = Array.isArray(record.validation_errors) ? record.validation_errors : Array.isArray(record.errors) ? record.errors : [];
  const messages = list.map(String);
  const message = `${status}: ${messages.join('; ') || (typeof record.message === 'string' ? record.message : typeof body === 'string' ? body : 'request failed')}`;
  const Type =
    status === 400 ? ValidationError : status === 403 ? AuthenticationError : status === 404 ? NotFoundError : status === 422 ? UnprocessableError : status === 429 ? RateLimitError : AgentConnectError;
  return new Type(status, message, messages.length ? messages : [message], body);
}
