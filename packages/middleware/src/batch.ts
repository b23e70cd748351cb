import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import { type DomainEvent, domainEventSchema } from '@wuhan/domain';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from './logger.js';

/** A message that can never succeed (it does not parse); it fails alone and reaches the DLQ for a person. */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

export interface EventContext {
  record: SQSRecord;
  /** How many times SQS has delivered this message (1 on the first try). */
  receiveCount: number;
  lambdaContext: Context;
}

/** The event a message carries: the relay sends each event as the message body. */
export function parseEventMessage(record: SQSRecord): DomainEvent {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch (cause) {
    throw new PoisonMessageError(`Message ${record.messageId} is not JSON`, { cause });
  }
  const parsed = domainEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new PoisonMessageError(`Message ${record.messageId} is not an event: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * An SQS consumer of domain events with partial batch responses: each record is parsed and processed on its own,
 * so one bad or failing record fails alone; the rest are deleted. The processor must be idempotent on
 * `event.id` (delivery is at least once; see packages/aws/src/dedup.ts).
 */
export function eventConsumer(process: (event: DomainEvent, context: EventContext) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord, lambdaContext: Context) => {
    const event = parseEventMessage(record);
    logger.appendKeys({ correlationId: event.correlationId, eventId: event.id, eventType: event.type });
    try {
      await process(event, {
        record,
        receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
        lambdaContext,
      });
    } catch (error) {
      logger.warn('Event processing failed; the message will be retried', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['correlationId', 'eventId', 'eventType']);
    }
  };
  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, (record: SQSRecord) => handleRecord(record, context), processor, {
      context,
      // A batch in which every record failed is still reported record by record, not thrown as a whole.
      throwOnFullBatchFailure: false,
    });
  return middy<SQSEvent, SQSBatchResponse>().handler(handler);
}
