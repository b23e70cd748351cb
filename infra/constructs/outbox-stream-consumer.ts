import { outboxStreamFilter } from '@wuhan/topology';
import type { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { SecureFunction } from './secure-function.js';

export interface OutboxStreamOptions {
  batchSize: number;
  maxBatchingWindow: Duration;
  /** Retries of a failing batch (halved each time by bisection) before its records go to `onFailure`. */
  retryAttempts: number;
  /** Receives a pointer to the records that failed every retry (the stream keeps the records 24 h). */
  onFailure: IQueue;
}

/**
 * Only event-row inserts (each event's one row, its subject's history row) reach the relay: the filter drops
 * every other change of the single table before Lambda
 * is invoked, so the relay neither pays for nor has to skip state changes. The pattern is the topology's
 * (packages/topology/src/stream-filter.ts), the same value the local stack applies.
 */
export const OUTBOX_INSERT_FILTER = FilterCriteria.filter(outboxStreamFilter);

/**
 * Wires the table's stream to a function: from the oldest record kept (nothing written before the first
 * deployment of the consumer is lost), partial batch responses, bisection of failing batches, and an on-failure
 * queue so a poisoned record stops blocking its shard after the retries instead of for 24 hours.
 */
export function consumeOutboxStream(
  consumer: SecureFunction,
  table: ITable,
  options: OutboxStreamOptions,
): void {
  consumer.function.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: options.batchSize,
      maxBatchingWindow: options.maxBatchingWindow,
      retryAttempts: options.retryAttempts,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(options.onFailure),
      filters: [OUTBOX_INSERT_FILTER],
    }),
  );
}
