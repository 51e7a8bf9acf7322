/** An error a client caused; the HTTP layer answers it with `statusCode` and a JSON body. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors: string[] = [message],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Most problems one answer lists; a body with more gets these and a count of the rest. */
export const MAX_MESSAGES = 25;
/** Longest message listed (a field path made of a huge key is cut). */
export const MAX_MESSAGE_LENGTH = 300;

const MORE = /^and \d+ more problems$/;

/**
 * The messages of one answer: each once, each at most MAX_MESSAGE_LENGTH, at most MAX_MESSAGES
 * and "and N more problems" (a list already summarised is returned as it is).
 */
export function summariseMessages(messages: string[]): string[] {
  const unique = [...new Set(messages.map((message) => (message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message)))];
  if (unique.length <= MAX_MESSAGES || (unique.length === MAX_MESSAGES + 1 && MORE.test(unique[MAX_MESSAGES]))) return unique;
  return [...unique.slice(0, MAX_MESSAGES), `and ${unique.length - MAX_MESSAGES} more problems`];
}

/** 400 `{"validation_errors": [...]}` as the request and recovery endpoints answer. */
export class RequestValidationError extends AppError {
  constructor(errors: string[]) {
    const summary = summariseMessages(errors);
    super(400, summary.join('; '), summary);
  }
}

/** 422: well-formed but semantically wrong (provisioning, authoring). */
export class UnprocessableError extends AppError {
  constructor(errors: string[]) {
    const summary = summariseMessages(errors);
    super(422, summary.join('; '), summary);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden: missing or invalid credentials') {
    super(403, message);
  }
}

/** Input to a CLI command or service call that cannot be used; the message says why. */
export class InvalidInputError extends AppError {
  constructor(message: string) {
    super(400, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, message);
  }
}

/** 429 with a message of its own (the per-key rate limit answers the plain-text `Retry Later` instead). */
export class TooManyAttemptsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}
