/**
 * RFC 9457 problem details. Each kind of failure has one stable `type` URI, so clients branch on `type`, not on
 * prose; validation problems list every failing field by its path (`teamLead.email`, `attachments.0.url`).
 */
export const problemTypeBase = 'https://wuhan-disruptive-tech.github.io/problems/';

export const problemKinds = {
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  validation: { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'Your role may not do this' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'This conflicts with what is already recorded' },
  'invalid-transition': { status: 409, title: 'The project cannot move to that status from its current one' },
  'idempotency-in-progress': {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
  },
  'payload-too-large': { status: 413, title: 'The body is larger than 256 KB' },
  'unsupported-media-type': { status: 415, title: 'The body must be application/json' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with another request body' },
  unprocessable: { status: 422, title: 'The request cannot be processed' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const;

export type ProblemKind = keyof typeof problemKinds;

export interface FieldError {
  /** Dotted path into the request: `body.teamLead.email`, `query.limit`, `path.id`. */
  field: string;
  message: string;
  code: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Thrown anywhere below the HTTP middleware to answer with a problem; `expose` is implied for 4xx. */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly kind: ProblemKind,
    detail?: string,
    readonly extensions: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      [k: string]: unknown;
    } = {},
    options?: ErrorOptions,
  ) {
    super(detail ?? problemKinds[kind].title, options);
  }

  get status(): number {
    return problemKinds[this.kind].status;
  }
}

export function problem(
  kind: ProblemKind,
  detail?: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const { status, title } = problemKinds[kind];
  return { type: `${problemTypeBase}${kind}`, title, status, ...(detail ? { detail } : {}), ...extensions };
}

export function fieldError(field: string, message: string, code = 'invalid'): FieldError {
  return { field, message, code };
}
