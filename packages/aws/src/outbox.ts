import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The one row of an event, doing two jobs (issue 13: each event written once, not twice). It is the subject's
 * history row, kept for good: `GET /v1/projects/{id}` and the other histories show every event with time, actor
 * and data. And it is the transactional outbox: the relay's stream filter (`outboxStreamFilter` in
 * packages/topology) passes INSERTs of `entity = history` only, so the event reaches the relay exactly when its
 * transaction commits, and nothing else in the table (history rows are never updated or removed) does. Every
 * event has this row and every row of this entity holds an event, so "in a history" and "published" are the
 * same set, as they were with a separate outbox row beside each history row. The condition keeps an event id
 * from being stored, and so published, twice.
 */
export function historyPut(tableName: string, event: DomainEvent): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.history(event.subject.kind, event.subject.id, event.id), entity: 'history', event },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Which items of a cancelled transaction failed their condition (indexes into the request's items). */
export class TransactionRejected extends Error {
  override name = 'TransactionRejected';
  constructor(
    readonly failedConditions: readonly number[],
    readonly reasons: readonly (string | undefined)[],
    options?: ErrorOptions,
  ) {
    super(`Transaction cancelled: ${reasons.map((r) => r ?? 'None').join(', ')}`, options);
  }
  /** True when only condition checks failed (a domain outcome), not conflicts or throttling (retryable). */
  get onlyConditions(): boolean {
    return this.reasons.every((r) => r === undefined || r === 'None' || r === 'ConditionalCheckFailed');
  }
}

/** Pure request builder: the state change and, in the same transaction, each event's one row (`historyPut`). */
export function buildTransaction(
  tableName: string,
  writes: readonly TransactItem[],
  events: readonly DomainEvent[],
): TransactWriteCommandInput {
  const items = [...writes, ...events.map((e) => historyPut(tableName, e))];
  if (items.length > 100) throw new Error(`A transaction holds at most 100 items, got ${items.length}`);
  return { TransactItems: items };
}

/**
 * Writes a state change and the events it causes in one `TransactWriteItems`: either all of it is stored (and
 * the relay will deliver the events) or nothing is. A failed condition surfaces as `TransactionRejected` naming
 * the items, so a use case can turn "already exists" into a domain answer; every other error is rethrown.
 */
export async function commit(
  writes: readonly TransactItem[],
  events: readonly DomainEvent[] = [],
): Promise<void> {
  const input = buildTransaction(config().tableName, writes, events);
  try {
    await documentClient.send(new TransactWriteCommand(input));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      const failed = reasons.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
      throw new TransactionRejected(failed, reasons, { cause: error });
    }
    throw error;
  }
}
