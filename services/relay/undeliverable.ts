import type { BatchResultErrorEntry, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { EventEnvelope } from '@wuhan/domain';
import { MAX_BATCH_BYTES, messageBytes } from './batches.js';
import type { Undeliverable, UndeliverableReason } from './plan-deliveries.js';
import { sqsJson } from './sqs-json.js';

/** SQS's per-entry codes that no retry can turn into a success: the same bytes would be refused again. */
const PERMANENT_CODES = new Set([
  'InvalidMessageContents',
  'MessageTooLong',
  'InvalidParameterValue',
  'InvalidAttributeName',
  'InvalidAttributeValue',
]);
/** Sender-fault codes that are nevertheless worth retrying: throttling, and KMS (a key policy can be fixed). */
const RETRIABLE_SENDER_CODES = /thrott|^kms|limitexceeded/i;

/**
 * Whether SQS refused an entry for good. Known permanent codes are; so is anything SQS blames on the sender,
 * except throttling and KMS trouble. The rest (InternalError, ServiceUnavailable, …) is retried by failing the
 * stream record, as before.
 */
export function isPermanentRefusal(entry: Pick<BatchResultErrorEntry, 'Code' | 'SenderFault'>): boolean {
  const code = entry.Code ?? '';
  if (PERMANENT_CODES.has(code)) return true;
  return entry.SenderFault === true && !RETRIABLE_SENDER_CODES.test(code);
}

/** What lands on relay-undeliverable: enough for a person to see what happened and to redrive the event. */
export interface UndeliverableMessage {
  kind: 'relay.undeliverable';
  reason: UndeliverableReason;
  detail: string;
  /** The queue the event was meant for, when routing got that far. */
  queue?: string;
  eventId: string;
  eventType: string;
  correlationId: string;
  subject: EventEnvelope['subject'];
  parkedAt: string;
  /**
   * The event as written, ready to redrive. Left out when it cannot travel (too large, or contents SQS refuses);
   * the event stays in its subject's history row (`keys.history(subject.kind, subject.id, eventId)`).
   */
  event?: EventEnvelope;
  /** Why `event` is left out. */
  eventOmitted?: 'too-large' | 'invalid-contents';
}

export interface ParkedMessage {
  body: string;
  attributes: Record<string, MessageAttributeValue>;
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/**
 * The message for one undeliverable event: the full event when it fits and SQS did not object to its contents,
 * otherwise a reference to it. Pure, so both forms are tested without AWS.
 */
export function parkedMessage(item: Undeliverable, now: Date, maxBytes = MAX_BATCH_BYTES): ParkedMessage {
  const { event } = item;
  const wrapper: UndeliverableMessage = {
    kind: 'relay.undeliverable',
    reason: item.reason,
    detail: item.detail,
    ...(item.queue ? { queue: item.queue } : {}),
    eventId: event.id,
    eventType: event.type,
    correlationId: event.correlationId,
    subject: event.subject,
    parkedAt: now.toISOString(),
  };
  const attributes = {
    eventType: text(event.type),
    correlationId: text(event.correlationId),
    reason: text(item.reason),
  };
  if (item.sqsCode === 'InvalidMessageContents') {
    return { body: sqsJson({ ...wrapper, eventOmitted: 'invalid-contents' }), attributes };
  }
  const full = sqsJson({ ...wrapper, event });
  if (messageBytes(full, attributes) <= maxBytes) return { body: full, attributes };
  return { body: sqsJson({ ...wrapper, eventOmitted: 'too-large' }), attributes };
}
