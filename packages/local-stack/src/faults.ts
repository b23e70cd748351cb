import { createHash } from 'node:crypto';

/**
 * Injected consumer faults, for reliability tests only (issue 12, "What the suite must show" point 3).
 *
 * LOCAL ONLY: this lives in the local stack's event-source mappings, which play Lambda's pollers. Nothing here is
 * bundled into a function or reachable from the deployed code path: the CDK stack never imports
 * packages/local-stack, and a stack started without `faults` (npm start, the integration tests) injects nothing.
 *
 * Two kinds, each chosen deterministically from the message's own id so a failing run can be replayed:
 * - `before`: the invocation fails before the handler runs (a crashed or throttled invocation): nothing is done,
 *   and the message comes back.
 * - `after`: the handler ran and committed, but the message is not deleted (a lost delete, a timeout after the
 *   commit, a stream batch retried): the effect happened AND the message comes back. Only de-duplication keeps
 *   the effect single.
 * Only a message's first attempt is ever faulted, so every message completes on its second delivery.
 */
export interface FaultInjection {
  /** The share of first attempts that fail (half before, half after the handler). @default 1/3 */
  rate?: number;
  /** Mixed into the hash: another seed faults other messages. @default 'faults' */
  seed?: string;
  /** Which functions are faulted (by topology name). @default every queue and stream consumer */
  functions?: readonly string[];
  /**
   * Seconds until a faulted SQS message is visible again (the consumer's own backoff starts at 2 s; the queue's
   * visibility timeout would make a test wait minutes). @default 1
   */
  returnAfterSeconds?: number;
  /**
   * Each function's first message fails before the handler and its second after it, whatever their ids: a
   * short run still shows both kinds on every consumer. The rest is chosen by id. @default false
   */
  coverEach?: boolean;
}

export type FaultKind = 'before' | 'after';

/** What was injected, per function and kind: a test shows every consumer was really faulted. */
export type FaultCounts = Record<string, Record<FaultKind, number>>;

export class FaultInjector {
  readonly counts: FaultCounts = {};
  private readonly rate: number;
  private readonly seed: string;
  private readonly only: ReadonlySet<string> | undefined;
  readonly returnAfterSeconds: number;
  private readonly coverEach: boolean;
  private readonly firstAttempts = new Map<string, number>();

  constructor(options: FaultInjection = {}) {
    this.rate = options.rate ?? 1 / 3;
    if (!(this.rate >= 0 && this.rate <= 1)) throw new Error(`fault rate ${this.rate} is not within 0..1`);
    this.seed = options.seed ?? 'faults';
    this.only = options.functions ? new Set(options.functions) : undefined;
    this.returnAfterSeconds = options.returnAfterSeconds ?? 1;
    this.coverEach = options.coverEach ?? false;
  }

  /**
   * The fault for a message's attempt, if any: deterministic in (seed, function, message id), and only on the
   * first attempt. The first third of the hash space fails before the handler, the second after it (at rate 1/3).
   * Ask once per attempt (with `coverEach` the answer depends on how many were asked before).
   */
  faultFor(fn: string, messageId: string, attempt: number): FaultKind | undefined {
    if (attempt !== 1 || (this.only && !this.only.has(fn))) return undefined;
    if (this.coverEach) {
      const seen = this.firstAttempts.get(fn) ?? 0;
      this.firstAttempts.set(fn, seen + 1);
      if (seen < 2) return seen === 0 ? 'before' : 'after';
    }
    const digest = createHash('sha256').update(`${this.seed}\0${fn}\0${messageId}`).digest();
    const point = digest.readUInt32BE(0) / 0x1_0000_0000;
    if (point >= this.rate) return undefined;
    return point < this.rate / 2 ? 'before' : 'after';
  }

  /** Counts an injected fault (called by the event sources when they act on one). */
  injected(fn: string, kind: FaultKind): void {
    const counts = this.counts[fn] ?? { before: 0, after: 0 };
    counts[kind]++;
    this.counts[fn] = counts;
  }
}
