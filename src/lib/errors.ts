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

/** 400 `{"validation_errors": [...]}` as the request and recovery endpoints answer. */
export class RequestValidationError extends AppError {
  constructor(errors: string[]) {
    super(400, errors.join('; '), errors);
  }
}

/** 422: well-formed but semantically wrong (provisioning, authoring). */
export class UnprocessableError extends AppError {
  constructor(errors: string[]) {
    super(422, errors.join('; '), errors);
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
