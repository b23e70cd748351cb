/**
 * Domain outcomes that are not successes. They carry no HTTP knowledge: the HTTP middleware maps each kind to
 * a problem type and status (packages/middleware/src/problem.ts), and the batch middleware treats them as
 * permanent (a retry cannot change the answer).
 */
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'not-found'
    | 'conflict'
    | 'forbidden'
    | 'invalid-transition'
    | 'invalid'
    | 'unprocessable'
    | 'concurrent-update';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** A uniqueness or concurrency conflict: the request may be right but the state says no. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/**
 * A transient loss: other requests changed the same thing at the same moment too often. Unlike a conflict it
 * is not an answer about the request, so it must not look like one (a client retries it, never treats it as done).
 */
export class ConcurrentUpdateError extends DomainError {
  readonly kind = 'concurrent-update';
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** A status change that the project's lifecycle table does not allow. */
export class InvalidTransitionError extends DomainError {
  readonly kind = 'invalid-transition';
}

/** Input that passed the schema but breaks a domain rule; `field` names where. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly field: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { ...details, field });
  }
}
