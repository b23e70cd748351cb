import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { commit, keys, type TransactItem, TransactionRejected } from '@wuhan/aws';
import type { DomainEvent } from '@wuhan/domain';
import { logger } from '@wuhan/middleware';
import type { ClaimOutcome, ClaimStore, MailKey } from './ports.js';

/** Claims outlive every redelivery (SQS retention is 4 days) and then expire by TTL. */
export const CLAIM_TTL_SECONDS = 14 * 24 * 3600;
/**
 * How long a `sending` claim stays live: twice the function's timeout, so it always outlasts the send it
 * protects. A process that died while holding it is replaced once the lease expires (the queue's visibility
 * timeout, 181 s, is longer, so the redelivered message finds the lease expired).
 */
export const LEASE_MS = 60_000;

/**
 * The claim states: `sending` (leased), `released` (a transient failure gave it up), `sent`, `rejected`
 * (permanent failure), `skipped` (no address), `digested` (put in the staff member's daily digest, see
 * digest-store.ts). Only the last four are final.
 */
type ClaimState = 'sending' | 'released' | 'sent' | 'rejected' | 'skipped' | 'digested';
const finalStates: readonly ClaimState[] = ['sent', 'rejected', 'skipped', 'digested'];

const keyOf = (key: MailKey) => keys.mailClaim(key.eventId, key.recipient);
const ttl = (now: Date) => Math.floor(now.getTime() / 1000) + CLAIM_TTL_SECONDS;

/**
 * The claim request: taken when there is no claim yet, when a transient failure released it, or when the lease
 * of a `sending` claim has expired. Pure, so the condition is tested without the network.
 */
export function claimRequest(tableName: string, key: MailKey, eventType: string, token: string, now: Date) {
  return new UpdateCommand({
    TableName: tableName,
    Key: keyOf(key),
    UpdateExpression:
      'SET #state = :sending, #token = :token, leaseUntil = :leaseUntil, entity = :entity, eventType = :eventType, ' +
      'expiresAt = if_not_exists(expiresAt, :expiresAt), attempts = if_not_exists(attempts, :zero) + :one',
    ConditionExpression:
      'attribute_not_exists(pk) OR #state = :released OR (#state = :sending AND leaseUntil < :now)',
    ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
    ExpressionAttributeValues: {
      ':sending': 'sending',
      ':released': 'released',
      ':token': token,
      ':leaseUntil': now.getTime() + LEASE_MS,
      ':now': now.getTime(),
      ':entity': 'mail-claim',
      ':eventType': eventType,
      ':expiresAt': ttl(now),
      ':zero': 0,
      ':one': 1,
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

/** An update that only the claim's holder may make (its token), so a stale holder cannot overwrite a newer one. */
function holderUpdate(
  tableName: string,
  key: MailKey,
  token: string,
  set: string,
  values: Record<string, unknown>,
) {
  return {
    TableName: tableName,
    Key: keyOf(key),
    UpdateExpression: `SET ${set} REMOVE leaseUntil`,
    ConditionExpression: '#token = :token',
    ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
    ExpressionAttributeValues: { ...values, ':token': token },
  };
}

function outcomeOf(existing: Record<string, unknown> | undefined, now: Date): ClaimOutcome {
  const state = existing?.state as ClaimState | undefined;
  if (state === 'sending' && Number(existing?.leaseUntil) >= now.getTime()) return { kind: 'busy' };
  if (state && finalStates.includes(state)) return { kind: 'done', state };
  // The claim changed between the condition and this read (released, or its lease just ran out): try later.
  return { kind: 'busy' };
}

export function dynamoClaimStore(client: DynamoDBDocumentClient, tableName: string): ClaimStore {
  return {
    async claim(key, eventType, now) {
      const token = randomUUID();
      try {
        await client.send(claimRequest(tableName, key, eventType, token, now));
        return { kind: 'claimed', token };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // The failed condition returns the item that stopped us; older emulators may not, so read it then.
        const existing = error.Item
          ? unmarshall(error.Item)
          : (
              await client.send(
                new GetCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }),
              )
            ).Item;
        return outcomeOf(existing, now);
      }
    },

    async markSent(key, token, messageId, now) {
      try {
        await client.send(
          new UpdateCommand(
            holderUpdate(tableName, key, token, '#state = :sent, sentAt = :at, messageId = :messageId', {
              ':sent': 'sent',
              ':at': now.toISOString(),
              ':messageId': messageId,
            }),
          ),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Our lease expired and another process retook the claim: it owns the outcome now.
        logger.warn('Mail claim was retaken before it was marked sent', { eventId: key.eventId });
      }
    },

    async release(key, token, lastError) {
      try {
        await client.send(
          new UpdateCommand(
            holderUpdate(tableName, key, token, '#state = :released, lastError = :error', {
              ':released': 'released',
              ':error': lastError,
            }),
          ),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async markRejected(key, token, reason, events, now) {
      const update: TransactItem = {
        Update: holderUpdate(tableName, key, token, '#state = :rejected, reason = :reason, failedAt = :at', {
          ':rejected': 'rejected',
          ':reason': reason,
          ':at': now.toISOString(),
        }),
      };
      await commitIgnoringCondition([update], events);
    },

    async markSkipped(key, reason, events, now) {
      const put: TransactItem = {
        Put: {
          TableName: tableName,
          Item: {
            ...keyOf(key),
            entity: 'mail-claim',
            state: 'skipped',
            reason,
            at: now.toISOString(),
            expiresAt: ttl(now),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      await commitIgnoringCondition([put], events);
    },
  };
}

/** A failed condition means the outcome was already recorded (by us earlier, or a retaken claim): no second event. */
async function commitIgnoringCondition(
  writes: TransactItem[],
  events: readonly DomainEvent[],
): Promise<void> {
  try {
    await commit(writes, events);
  } catch (error) {
    if (error instanceof TransactionRejected && error.onlyConditions) return;
    throw error;
  }
}
