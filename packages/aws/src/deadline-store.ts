import { GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Deadline, deadlineFiredEvent, deadlineSchema } from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import { commit, type TransactItem, TransactionRejected } from './outbox.js';
import { queryIndex } from './query.js';

/**
 * Deadlines in the table: pure request builders a use case puts into its own transaction (so "accept the offer"
 * and "cancel its expiry" commit together or not at all), and the few reads and writes the sweeper needs.
 * `state` is a DynamoDB reserved word, hence `#state` everywhere.
 */

const stateName = { '#state': 'state' };

/** The stored item: the deadline's fields, its key, and while pending its listing keys on gsi2. */
export function deadlineItem(deadline: Deadline): Record<string, unknown> {
  return {
    ...keys.deadline(deadline.id),
    ...(deadline.state === 'pending' ? keys.pendingDeadlineListing(deadline.dueAt, deadline.id) : {}),
    entity: 'deadline',
    ...deadline,
  };
}

/**
 * Sets a pending deadline, only if no deadline with this id was ever set: setting it again (a retried request)
 * cannot revive a fired or cancelled one, and it fails the caller's transaction, which the caller reads as
 * "already set". Use `setDeadline` where the deadline is the only write.
 */
export function deadlineSet(tableName: string, deadline: Deadline): TransactItem {
  if (deadline.state !== 'pending') throw new Error(`Only a pending deadline can be set (${deadline.id})`);
  return {
    Put: {
      TableName: tableName,
      Item: deadlineItem(deadline),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Leaves `pending` for a final state, only from `pending`, and takes the deadline out of the sweeper's index. */
function leavePending(tableName: string, id: string, to: 'fired' | 'cancelled', now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.deadline(id),
      UpdateExpression: `SET #state = :to, ${to}At = :now REMOVE gsi2pk, gsi2sk`,
      ConditionExpression: '#state = :pending',
      ExpressionAttributeNames: stateName,
      ExpressionAttributeValues: { ':to': to, ':now': now.toISOString(), ':pending': 'pending' },
    },
  };
}

/**
 * Cancels a pending deadline. The condition fails when it already fired or was cancelled (or never existed):
 * in a use case's transaction that is the race "accepted just as it expired", and exactly one side wins.
 */
export function deadlineCancel(tableName: string, id: string, now: Date): TransactItem {
  return leavePending(tableName, id, 'cancelled', now);
}

/** Marks a pending deadline fired; `fireDeadline` commits it with the event it publishes. */
export function deadlineFire(tableName: string, id: string, now: Date): TransactItem {
  return leavePending(tableName, id, 'fired', now);
}

/** One page of pending deadlines due at `now` or earlier, oldest due first. */
export function dueDeadlinesQuery(
  tableName: string,
  now: Date,
  pageSize: number,
  startKey?: Record<string, unknown>,
): QueryCommandInput {
  const range = keys.pendingDeadlinesDueBy(now.toISOString());
  return {
    TableName: tableName,
    IndexName: range.index,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :below',
    ExpressionAttributeValues: { ':pk': range.gsi2pk, ':below': range.below },
    Limit: pageSize,
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

export interface DuePage {
  deadlines: Deadline[];
  /** Where the next page starts, when there may be one. */
  next?: Record<string, unknown>;
}

/**
 * Reads one page of due deadlines: keys from the index, the deadlines from the table. The index is eventually
 * consistent, so a deadline listed here may have been cancelled or fired a moment ago (then it is dropped when
 * read, having left the pending listing, or `fireDeadline`'s condition on the table decides).
 */
export async function dueDeadlines(
  now: Date,
  pageSize: number,
  startKey?: Record<string, unknown>,
): Promise<DuePage> {
  const query = dueDeadlinesQuery(config().tableName, now, pageSize, startKey);
  const page = await queryIndex(query, {
    stillListed: { attribute: 'gsi2pk', value: keys.pendingDeadlinesDueBy(now.toISOString()).gsi2pk },
  });
  return {
    deadlines: page.items.map((item) => deadlineSchema.parse(item)),
    ...(page.lastEvaluatedKey ? { next: page.lastEvaluatedKey } : {}),
  };
}

export async function getDeadline(id: string): Promise<Deadline | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: keys.deadline(id), ConsistentRead: true }),
  );
  return Item ? deadlineSchema.parse(Item) : undefined;
}

/** Sends one transaction; a failed condition is the answer `rejected`, every other error is thrown. */
async function sendAlone(item: TransactItem): Promise<'done' | 'rejected'> {
  try {
    await commit([item]);
    return 'done';
  } catch (error) {
    if (error instanceof TransactionRejected && error.onlyConditions) return 'rejected';
    throw error;
  }
}

/** Sets a deadline on its own (no other state change): `already-set` when this id was set before. */
export async function setDeadline(deadline: Deadline): Promise<'set' | 'already-set'> {
  return (await sendAlone(deadlineSet(config().tableName, deadline))) === 'done' ? 'set' : 'already-set';
}

/** Cancels a deadline on its own: `not-pending` when it already fired, was cancelled, or does not exist. */
export async function cancelDeadline(id: string, now: Date): Promise<'cancelled' | 'not-pending'> {
  return (await sendAlone(deadlineCancel(config().tableName, id, now))) === 'done'
    ? 'cancelled'
    : 'not-pending';
}

/**
 * Fires a deadline: in one transaction it leaves `pending` (condition: still pending) and its event is written
 * to the outbox and the subject's history. Of two sweeps firing the same deadline one commits; the other gets
 * `not-pending` (its condition failed) or, in AWS, `contended` (DynamoDB cancelled it as a conflicting
 * transaction): either way nothing was written, and a deadline still pending is found by the next sweep.
 */
export async function fireDeadline(
  deadline: Deadline,
  now: Date,
): Promise<'fired' | 'not-pending' | 'contended'> {
  try {
    await commit([deadlineFire(config().tableName, deadline.id, now)], [deadlineFiredEvent(deadline, now)]);
    return 'fired';
  } catch (error) {
    if (!(error instanceof TransactionRejected)) throw error;
    if (error.onlyConditions) return 'not-pending';
    if (error.reasons.includes('TransactionConflict')) return 'contended';
    throw error;
  }
}
