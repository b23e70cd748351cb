import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Outbox rows are only a hand-off to the relay; the TTL removes them a week after the stream delivered them. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The outbox row for one event. The relay's stream filter matches `entity = outbox` on INSERT only, so the
 * TTL's later REMOVE and every other write in the table never reach it.
 */
export function outboxPut(tableName: string, event: DomainEvent): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.outbox(event.id),
        entity: 'outbox',
        eventType: event.type,
        event,
        expiresAt: Math.floor(Date.parse(event.occurredAt) / 1000) + OUTBOX_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The aggregate's own history row: `GET /v1/projects/{id}` shows every event with time, actor and data. */
export function historyPut(tableName: string, event: DomainEvent): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.history(event.subject.kind, event.subject.id, event.id), entity: 'history', event },
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

/** Pure request builder: the state change and, in the same transaction, each event's outbox and history rows. */
export function buildTransaction(
  tableName: string,
  writes: readonly TransactItem[],
  events: readonly DomainEvent[],
): TransactWriteCommandInput {
  const items = [...writes, ...events.flatMap((e) => [outboxPut(tableName, e), historyPut(tableName, e)])];
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
