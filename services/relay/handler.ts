import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type EventEnvelope, eventEnvelopeSchema } from '@wuhan/domain';
import { logger } from '@wuhan/middleware';
import { eventRouting } from '@wuhan/topology';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { relay } from './relay.js';

function eventOf(record: DynamoDBRecord): EventEnvelope | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.entity !== 'history') return undefined;
  const parsed = eventEnvelopeSchema.safeParse(item.event);
  if (!parsed.success) {
    // Never retried: a malformed outbox row cannot become valid. Logged for a person to look at.
    logger.error('Outbox row does not hold a valid event', {
      pk: item.pk,
      issues: parsed.error.issues.length,
    });
    return undefined;
  }
  return parsed.data;
}

/**
 * The outbox relay: consumes the table stream (the event source filter passes INSERTs of event rows only, each
 * event's one row being its subject's history row; the check is repeated here so the function is right on its
 * own) and delivers each event to its queues. Failures are reported per record (ReportBatchItemFailures): the
 * stream retries from the first failed record.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const items = event.Records.flatMap((record) => {
    const domainEvent = record.eventName === 'INSERT' ? eventOf(record) : undefined;
    const recordId = record.dynamodb?.SequenceNumber;
    return domainEvent && recordId ? [{ recordId, event: domainEvent }] : [];
  });
  const failed = await relay(items, eventRouting);
  logger.info('Relayed outbox events', { events: items.length, failedRecords: failed.size });
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
};
