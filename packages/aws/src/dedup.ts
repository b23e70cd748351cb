import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

/** How long a consumer remembers an event it handled: far beyond any redelivery or stream replay window. */
export const DEDUP_TTL_SECONDS = 14 * 24 * 3600;

/**
 * A consumer's "I handled this event" marker, written in the same transaction as the consumer's effect under
 * `attribute_not_exists`: a redelivered message or replayed stream record fails the condition and has no second
 * effect (the use case treats that failure as "already done").
 */
export function dedupPut(tableName: string, consumer: string, key: string, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.dedup(consumer, key),
        entity: 'dedup',
        consumer,
        handledAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + DEDUP_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
