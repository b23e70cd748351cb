import type { DomainEvent } from '@wuhan/domain';
import { config } from './config.js';
import { keys } from './keys.js';
import { commit, type TransactItem, TransactionRejected } from './outbox.js';

/** Kept a month for a person to look at, then removed by TTL. */
export const REJECTION_TTL_SECONDS = 30 * 24 * 3600;
/** The raw body is kept for diagnosis, cut to this many characters (an item holds at most 400 KB). */
export const REJECTED_BODY_MAX_CHARS = 16_000;

/** A message a consumer refused for good, with everything known about it. */
export interface Rejection {
  consumer: string;
  messageId: string;
  kind: string;
  reason: string;
  body: string;
  eventId?: string;
  eventType?: string;
  eventVersion?: number;
}

/** Pure request builder: the rejection item, once per (consumer, message): a redelivery finds it recorded. */
export function rejectionPut(tableName: string, rejection: Rejection, now: Date): TransactItem {
  const truncated = rejection.body.length > REJECTED_BODY_MAX_CHARS;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.rejectedMessage(rejection.consumer, rejection.messageId),
        entity: 'rejected-message',
        ...rejection,
        body: truncated ? rejection.body.slice(0, REJECTED_BODY_MAX_CHARS) : rejection.body,
        bodyTruncated: truncated,
        rejectedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + REJECTION_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Records a rejection and the events that tell staff about it, in one transaction. `already-recorded` when an
 * earlier delivery of the same message recorded it (its event was published then).
 */
export async function recordRejection(
  rejection: Rejection,
  events: readonly DomainEvent[],
  now: Date,
): Promise<'recorded' | 'already-recorded'> {
  try {
    await commit([rejectionPut(config().tableName, rejection, now)], events);
    return 'recorded';
  } catch (error) {
    if (error instanceof TransactionRejected && error.failedConditions.includes(0)) return 'already-recorded';
    throw error;
  }
}
