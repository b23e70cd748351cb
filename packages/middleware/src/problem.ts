/**
 * RFC 9457 problem details. Each kind of failure has one stable `type` URI, so clients branch on `type`, not on
 * prose; validation problems list every failing field by its path (`teamLead.email`, `attachments.0.url`).
 */
import { type ProblemKind, problemKinds, problemTypeBase } from '@wuhan/contract';

export { type ProblemKind, problemKinds, problemTypeBase };

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
