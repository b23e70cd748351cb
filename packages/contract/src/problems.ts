/**
 * RFC 9457 problem types. Each kind of failure has one stable `type` URI, so clients branch on `type`, not on
 * prose. Declared in the contract because every operation names the kinds it can answer with, and the OpenAPI
 * document lists them per status; packages/middleware turns errors into these.
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
  'concurrent-update': {
    status: 503,
    title: 'Another request changed this at the same moment; retry after the Retry-After seconds',
  },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const;

export type ProblemKind = keyof typeof problemKinds;
