/**
 * Domain outcomes that are not successes. They carry no HTTP knowledge: the HTTP middleware maps each kind to
 * a problem type and status (packages/middleware/src/problem.ts), and the batch middleware treats them as
 * permanent (a retry cannot change the answer).
 */
export abstract class DomainError extends Error {
  /**
   * Each kind names itself in a literal: the deployed bundles are minified, which renames classes, so a name
   * taken from the class (`new.target.name`) read "t" in rejection reasons and logs
   * (test/unit/infra/error-names.test.ts).
   */
  abstract override name: string;
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
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly kind = 'not-found';
}

/** A uniqueness or concurrency conflict: the request may be right but the state says no. */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  readonly kind = 'conflict';
}

/**
 * A transient loss: other requests changed the same thing at the same moment too often. Unlike a conflict it
 * is not an answer about the request, so it must not look like one (a client retries it, never treats it as done).
 */
export class ConcurrentUpdateError extends DomainError {
  override name = 'ConcurrentUpdateError';
  readonly kind = 'concurrent-update';
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  readonly kind = 'forbidden';
}

/** A status change that the project's lifecycle table does not allow. */
export class InvalidTransitionError extends DomainError {
  override name = 'InvalidTransitionError';
  readonly kind = 'invalid-transition';
}

/** Input that passed the schema but breaks a domain rule; `field` names where. */
export class InvalidInputError extends DomainError {
  override name = 'InvalidInputError';
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly field: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { ...details, field });
  }
}

/** Input that is well-formed but cannot be acted on as things are configured (e.g. a platform with no queue). */
export class UnprocessableError extends DomainError {
  override name = 'UnprocessableError';
  readonly kind = 'unprocessable';
}
