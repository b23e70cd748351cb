import { ConcurrentUpdateError } from '@wuhan/domain';
import { TransactionRejected } from './outbox.js';

/** Cancellation reasons a fresh read and another attempt can resolve: a lost race, not a bad request. */
const retryableReasons = new Set([undefined, 'None', 'ConditionalCheckFailed', 'TransactionConflict']);

export function isLostRace(error: unknown): error is TransactionRejected {
  return (
    error instanceof TransactionRejected && error.reasons.every((reason) => retryableReasons.has(reason))
  );
}

export interface RetryOptions {
  attempts?: number;
  /** Waits between attempts; injectable so unit tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Optimistic concurrency: `attempt` reads what it needs, decides, and commits with conditions on what it read.
 * When another request won the race, the conditions fail and the whole decision is made again on fresh reads
 * (the next read may turn the answer into a domain outcome, e.g. "already recommended"). Bounded, with jitter so
 * racing requests spread out; a request that loses every time gets 503 with Retry-After (never the 409 of a real conflict) and
 * retries.
 */
export async function withOptimisticRetry<T>(
  attempt: () => Promise<T>,
  { attempts = 6, sleep = defaultSleep }: RetryOptions = {},
): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isLostRace(error)) throw error;
      if (round >= attempts) {
        throw new ConcurrentUpdateError(
          'Other requests changed this at the same moment; retry the request',
          {},
          { cause: error },
        );
      }
      await sleep(Math.floor(Math.random() * 20 * round) + 5);
    }
  }
}
