import {
  claimIdempotency,
  completeIdempotency,
  type IdempotencyRecord,
  idempotencyBodyHash,
  idempotencyRecordPut,
  readIdempotency,
  releaseIdempotency,
  type StoredResponse,
  type TransactItem,
} from '@wuhan/aws';
import type { Context } from 'aws-lambda';
import { ProblemError } from './problem.js';

/**
 * HTTP idempotency over our own records (packages/aws/src/idempotency-store.ts; issue 13 replaced Powertools'
 * wrapper, ~45 KB of every write API with its JMESPath engine). Two modes, the same answers:
 * - `runIdempotent` (locked): an in-progress record before the work, the answer after it, the lock released when
 *   the work fails; a duplicate meanwhile gets 409 `idempotency-in-progress` with Retry-After.
 * - `runAtomicIdempotent`: for a route whose effect is one transaction, the completed record is an item of that
 *   transaction (`AtomicRecord.transactItem`), so there is no lock and no second write; of two duplicates racing,
 *   one transaction commits and the other finds the record and replays it.
 * Either way: the same key with another body is 422 `idempotency-key-reused`, and a completed request is
 * answered with its stored status, headers and body for 24 hours.
 */

export interface IdempotentRequest {
  /** Caller, method, path and the client's Idempotency-Key: what makes two requests "the same". */
  scope: string;
  /** The parsed body: the same key with another body is refused (422). */
  body: unknown;
}

/** An HTTP answer as the router builds it (API Gateway's result: header values may be numbers or booleans). */
export interface Answer {
  statusCode: number;
  body: string;
  headers?: { [header: string]: string | number | boolean };
}

/** Turns the first answer into the one stored for replays (e.g. without a secret shown once). */
export type ToStored<T> = (first: T) => StoredResponse;

/** When no Lambda context tells the deadline (never in a deployed function): the API's longest timeout. */
const FALLBACK_LOCK_MS = 30_000;

function inProgress(): ProblemError {
  return new ProblemError('idempotency-in-progress', 'Retry shortly to get its answer', {
    headers: { 'retry-after': '1' },
  });
}

/** The answer a record in force gives a repeated request: its stored response, 422 or 409. */
function answerFrom(record: IdempotencyRecord | undefined, bodyHash: string): StoredResponse {
  if (record && record.bodyHash !== bodyHash) {
    throw new ProblemError('idempotency-key-reused', 'Use a new Idempotency-Key for a different request');
  }
  // No record any more (its holder failed and released it a moment ago) is "retry" too: the retry will run.
  if (record?.state !== 'completed') throw inProgress();
  return record.response;
}

/** The answer as stored: header values as the strings they are sent as. */
export const asStored = ({ statusCode, headers, body }: Answer): StoredResponse => ({
  statusCode,
  body,
  ...(headers
    ? { headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])) }
    : {}),
});

/**
 * Runs `execute` at most once per scope while its record lasts: the lock lapses with the function's remaining
 * time, so an invocation killed mid-way blocks retries no longer than it could have run.
 */
export async function runIdempotent<T extends Answer>(
  request: IdempotentRequest,
  execute: () => Promise<T>,
  context: Context,
  toStored: ToStored<T> = asStored,
): Promise<T | StoredResponse> {
  const now = new Date();
  const bodyHash = idempotencyBodyHash(request.body);
  const remaining =
    typeof context?.getRemainingTimeInMillis === 'function'
      ? context.getRemainingTimeInMillis()
      : FALLBACK_LOCK_MS;
  const claim = await claimIdempotency(request.scope, bodyHash, now, new Date(now.getTime() + remaining));
  if (!claim.acquired) return answerFrom(claim.existing, bodyHash);
  let first: T;
  try {
    first = await execute();
  } catch (error) {
    // A failed execution leaves no trace: the client's retry runs it again.
    await releaseIdempotency(request.scope);
    throw error;
  }
  await completeIdempotency(request.scope, bodyHash, toStored(first), now);
  return first;
}

/** What an atomic route adds to its transaction: the completed record holding `response`. */
export interface AtomicRecord {
  transactItem(response: StoredResponse): TransactItem;
  /**
   * Resolves once the record lookup found no answer to replay; rejects (`ReplayFound`, or the read's own error)
   * otherwise. Only a route run with `overlap` needs it: it awaits this after its reads and before any write.
   */
  checked(): Promise<void>;
}

/** The lookup found this request's answer: the overlapped route stops before writing, the stored answer goes out. */
export class ReplayFound extends Error {
  constructor() {
    super('An answer to this Idempotency-Key is stored: replaying it');
    this.name = 'ReplayFound';
  }
}

/**
 * Runs `execute` with an `AtomicRecord` whose item the route commits in its own transaction. One consistent
 * read first answers a request already completed; a duplicate that raced it fails its transaction's condition
 * (the record, or the effect's own), and is answered from the record the winner committed.
 *
 * `overlap` (issue 13, one round trip fewer): `execute` starts at once, its reads running while the record is
 * looked up, and it must await `record.checked()` before its first write; `transactItem` refuses to build the
 * record until the lookup has found none, so a route that forgot to wait fails instead of writing on a replay.
 * A record found wins over whatever the route did meanwhile (a 403 from its reads, say), as when it read first.
 */
export async function runAtomicIdempotent<T extends Answer>(
  request: IdempotentRequest,
  execute: (record: AtomicRecord) => Promise<T>,
  toStored: ToStored<T> = asStored,
  { overlap = false }: { overlap?: boolean } = {},
): Promise<T | StoredResponse> {
  const now = new Date();
  const bodyHash = idempotencyBodyHash(request.body);
  const lookup = readIdempotency(request.scope, now);
  if (!overlap) {
    const existing = await lookup;
    if (existing) return answerFrom(existing, bodyHash);
  }
  let clear = !overlap;
  const checked = lookup.then((existing) => {
    if (existing) throw new ReplayFound();
    clear = true;
  });
  // Awaited below through `lookup`; this only keeps a check nobody awaited from being an unhandled rejection.
  checked.catch(() => {});
  let offered = false;
  const record: AtomicRecord = {
    transactItem: (response) => {
      if (!clear) throw new Error('The route built its idempotency record before awaiting record.checked()');
      offered = true;
      return idempotencyRecordPut(request.scope, bodyHash, response, now);
    },
    checked: () => checked,
  };
  const outcome = await execute(record).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (overlap) {
    const existing = await lookup;
    if (existing) return answerFrom(existing, bodyHash);
  }
  if ('error' in outcome) {
    const { error } = outcome;
    if (!offered) throw error;
    // The transaction may have lost to a duplicate of this very request: then its answer is ours.
    const after = await readIdempotency(request.scope, new Date());
    if (after?.state === 'completed') return answerFrom(after, bodyHash);
    throw error;
  }
  // A path that committed nothing (or another way) still answers replays the same.
  if (!offered) await completeIdempotency(request.scope, bodyHash, toStored(outcome.value), now);
  return outcome.value;
}
