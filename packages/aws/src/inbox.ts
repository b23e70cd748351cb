import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import { commit, type TransactItem, TransactionRejected } from './outbox.js';

/**
 * The shared consumer inbox: one item per (consumer, event) that the consumer has processed. SQS delivers at
 * least once; a consumer that writes its effects in the same transaction as its inbox item has each effect
 * exactly once, whatever the redelivery.
 *
 * The item outlives every redelivery: SQS keeps a message at most 14 days (a DLQ included, and a redrive keeps
 * the original enqueue time), so 15 days of TTL cover it.
 */
export const INBOX_TTL_SECONDS = 15 * 24 * 3600;
/** How long a consumer holds an event it runs an outside effect for (`once`): longer than any function timeout. */
export const INBOX_LEASE_MS = 15 * 60_000;

export interface InboxReceipt {
  consumer: string;
  eventId: string;
  now: Date;
}

const expiresAt = (now: Date) => Math.floor(now.getTime() / 1000) + INBOX_TTL_SECONDS;

function inboxItem(receipt: InboxReceipt, state: 'processed' | 'processing') {
  return {
    ...keys.inbox(receipt.consumer, receipt.eventId),
    entity: 'inbox',
    consumer: receipt.consumer,
    eventId: receipt.eventId,
    state,
    at: receipt.now.toISOString(),
    expiresAt: expiresAt(receipt.now),
  };
}

/**
 * The inbox item for a consumer's own transaction: its condition fails when the consumer already processed the
 * event, which cancels the whole transaction, so the consumer's writes happen with it or not at all.
 */
export function inboxPut(tableName: string, consumer: string, eventId: string, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: inboxItem({ consumer, eventId, now }, 'processed'),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Commits a consumer's writes and events with its inbox item. `duplicate` means the event was processed before
 * (the inbox item's condition failed): nothing was written and the consumer should succeed without effect. A
 * failure of the consumer's own conditions is rethrown as `TransactionRejected` with the indexes of `writes`.
 */
export async function commitOnce(
  receipt: InboxReceipt,
  writes: readonly TransactItem[],
  events: readonly DomainEvent[] = [],
): Promise<'committed' | 'duplicate'> {
  // Last of the writes, so the consumer's own items keep the indexes it knows them by.
  const inboxIndex = writes.length;
  try {
    await commit(
      [...writes, inboxPut(config().tableName, receipt.consumer, receipt.eventId, receipt.now)],
      events,
    );
    return 'committed';
  } catch (error) {
    if (error instanceof TransactionRejected && error.failedConditions.includes(inboxIndex)) {
      return 'duplicate';
    }
    throw error;
  }
}

/** Another process is running this consumer's effect for this event: retry later (transient). */
export class InboxBusyError extends Error {
  override name = 'InboxBusyError';
}

/** Whether the consumer has processed the event (strongly consistent: a redelivery sees the last write). */
export async function isProcessed(consumer: string, eventId: string): Promise<boolean> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.inbox(consumer, eventId),
      ConsistentRead: true,
    }),
  );
  return Item?.state === 'processed';
}

/** Marks an event processed for a consumer whose effects needed no inbox of their own (already there: fine). */
export async function markProcessed(receipt: InboxReceipt): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config().tableName,
        Item: inboxItem(receipt, 'processed'),
        ConditionExpression: 'attribute_not_exists(pk) OR #state <> :processed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':processed': 'processed' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Pure request builder: take the event for this consumer unless processed or held under a live lease. */
export function onceClaimRequest(tableName: string, receipt: InboxReceipt, token: string) {
  return new PutCommand({
    TableName: tableName,
    Item: {
      ...inboxItem(receipt, 'processing'),
      token,
      leaseUntil: receipt.now.getTime() + INBOX_LEASE_MS,
    },
    ConditionExpression: 'attribute_not_exists(pk) OR (#state = :processing AND leaseUntil < :now)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':processing': 'processing', ':now': receipt.now.getTime() },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

/**
 * Runs an effect outside the table (a call to another system) once per (consumer, event): claim with a lease,
 * run, mark processed. A failed effect gives the claim back and is rethrown (retried); a live claim of another
 * process is `InboxBusyError` (retried later). A process that dies between the effect and the mark leaves a
 * lease that expires, and the effect may run again: pass the event id to the other system as its idempotency
 * key where it takes one.
 */
export async function once(
  receipt: InboxReceipt,
  effect: () => Promise<void>,
): Promise<'done' | 'duplicate'> {
  const table = config().tableName;
  const token = randomUUID();
  try {
    await documentClient.send(onceClaimRequest(table, receipt, token));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (error.Item?.state?.S === 'processed') return 'duplicate';
    throw new InboxBusyError(`${receipt.consumer} is processing ${receipt.eventId} elsewhere`);
  }
  const key = keys.inbox(receipt.consumer, receipt.eventId);
  const holder = {
    ConditionExpression: '#token = :token',
    ExpressionAttributeNames: { '#token': 'token' },
  };
  try {
    await effect();
  } catch (error) {
    await documentClient
      .send(
        new DeleteCommand({
          TableName: table,
          Key: key,
          ...holder,
          ExpressionAttributeValues: { ':token': token },
        }),
      )
      .catch(() => undefined); // The lease expires anyway; the effect's own error is what matters.
    throw error;
  }
  await documentClient.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: 'SET #state = :processed REMOVE leaseUntil',
      ...holder,
      ExpressionAttributeNames: { ...holder.ExpressionAttributeNames, '#state': 'state' },
      ExpressionAttributeValues: { ':token': token, ':processed': 'processed' },
    }),
  );
  return 'done';
}
