import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { commit, keys, type TransactItem, TransactionRejected } from '@wuhan/aws';
import type { DomainEvent } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { logger } from '@wuhan/middleware';
import type { ClaimOutcome, ClaimStore, MailKey, Settlement } from './ports.js';

/** Claims outlive every redelivery (SQS retention is 4 days) and then expire by TTL. */
export const CLAIM_TTL_SECONDS = 14 * 24 * 3600;
/**
 * How long a `sending` claim stays live: twice the function's timeout, so it always outlasts the send it
 * protects. A process that died while holding it is replaced once the lease expires (the queue's visibility
 * timeout, 181 s, is longer, so the redelivered message finds the lease expired).
 */
export const LEASE_MS = 60_000;
/** A claim write that lost a race for some recipients is retried for the rest this often, then they are busy. */
const CLAIM_ROUNDS = 3;

/**
 * The claim states: `sending` (leased), `released` (a transient failure gave it up), `sent`, `rejected`
 * (permanent failure), `skipped` (no address), `digested` (put in the staff member's daily digest, see
 * digest-store.ts). Only the last four are final.
 *
 * Layout: one item per event (`keys.mailClaims`), one map attribute per recipient (`to:<role>#<id>`). An event's
 * emails are then claimed in one write and settled in one more, whatever the number of recipients: 2 writes
 * per event instead of 2 per email (issue 13). A condition on each recipient's attribute keeps every guarantee
 * of one item per email: one holder per email, a stale holder cannot overwrite a newer one, a final state stays.
 */
const finalStates = ['sent', 'rejected', 'skipped', 'digested'] as const;
const recipientClaim = z.object({
  state: z.enum(['sending', 'released', ...finalStates]),
  token: z.optional(z.string()),
  leaseUntil: z.optional(z.number()),
});

const ttl = (now: Date) => Math.floor(now.getTime() / 1000) + CLAIM_TTL_SECONDS;
/** The attribute that holds one recipient's claim on the event's item. */
export const claimAttribute = (recipient: string) => `to:${recipient}`;
/** The condition under which a recipient's email may be claimed: no claim, a released one, an expired lease. */
const claimable = (name: string) =>
  `(attribute_not_exists(${name}) OR ${name}.#state = :released OR (${name}.#state = :sending AND ${name}.#lease < :now))`;

/**
 * The claim request for some recipients of one event: each is taken when it has no claim yet, when a transient
 * failure released it, or when the lease of its `sending` claim has expired. Pure, so the condition is tested
 * without the network.
 */
export function claimRequest(
  tableName: string,
  eventId: string,
  eventType: string,
  tokens: ReadonlyMap<string, string>,
  now: Date,
) {
  const names: Record<string, string> = { '#state': 'state', '#lease': 'leaseUntil' };
  const values: Record<string, unknown> = {
    ':sending': 'sending',
    ':released': 'released',
    ':now': now.getTime(),
    ':entity': 'mail-claim',
    ':eventType': eventType,
    ':expiresAt': ttl(now),
  };
  const sets = [
    'entity = :entity',
    'eventType = :eventType',
    'expiresAt = if_not_exists(expiresAt, :expiresAt)',
  ];
  const conditions: string[] = [];
  [...tokens].forEach(([recipient, token], i) => {
    names[`#r${i}`] = claimAttribute(recipient);
    values[`:c${i}`] = { state: 'sending', token, leaseUntil: now.getTime() + LEASE_MS };
    sets.push(`#r${i} = :c${i}`);
    conditions.push(claimable(`#r${i}`));
  });
  return new UpdateCommand({
    TableName: tableName,
    Key: keys.mailClaims(eventId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

/** Records sends and releases, each only while its token holds the claim. Pure, for the same reason. */
export function settleRequest(
  tableName: string,
  eventId: string,
  settlements: readonly Settlement[],
  now: Date,
) {
  const names: Record<string, string> = { '#state': 'state', '#lease': 'leaseUntil', '#token': 'token' };
  // DynamoDB refuses values an expression does not use: each constant is added by the first settlement using it.
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  const conditions: string[] = [];
  settlements.forEach((s, i) => {
    const name = `#r${i}`;
    names[name] = claimAttribute(s.recipient);
    values[`:t${i}`] = s.token;
    conditions.push(`${name}.#token = :t${i}`);
    removes.push(`${name}.#lease`);
    if (s.outcome === 'sent') {
      values[':sent'] = 'sent';
      values[':at'] = now.toISOString();
      values[`:m${i}`] = s.messageId;
      sets.push(`${name}.#state = :sent`, `${name}.messageId = :m${i}`, `${name}.sentAt = :at`);
    } else {
      values[':released'] = 'released';
      values[`:e${i}`] = s.error;
      sets.push(`${name}.#state = :released`, `${name}.lastError = :e${i}`);
    }
  });
  return new UpdateCommand({
    TableName: tableName,
    Key: keys.mailClaims(eventId),
    UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/** What a recipient's stored claim means to a new claimant; undefined: it is free (take it). */
function outcomeOf(stored: unknown, now: Date): ClaimOutcome | undefined {
  if (stored === undefined) return undefined;
  const parsed = recipientClaim.safeParse(stored);
  // Unreadable: never send on a guess; the record is retried and the lease (if any) runs out meanwhile.
  if (!parsed.success) return { kind: 'busy' };
  const claim = parsed.data;
  if (claim.state === 'released') return undefined;
  if (claim.state === 'sending')
    return (claim.leaseUntil ?? 0) >= now.getTime() ? { kind: 'busy' } : undefined;
  return { kind: 'done', state: claim.state };
}

/** A holder's update of one recipient's claim, inside a transaction with the events it emits. */
function holderUpdate(
  tableName: string,
  key: MailKey,
  token: string,
  reason: string,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.mailClaims(key.eventId),
      UpdateExpression: 'SET #r.#state = :rejected, #r.reason = :reason, #r.failedAt = :at REMOVE #r.#lease',
      ConditionExpression: '#r.#token = :token',
      ExpressionAttributeNames: {
        '#r': claimAttribute(key.recipient),
        '#state': 'state',
        '#token': 'token',
        '#lease': 'leaseUntil',
      },
      ExpressionAttributeValues: {
        ':rejected': 'rejected',
        ':reason': reason,
        ':at': now.toISOString(),
        ':token': token,
      },
    },
  };
}

export function dynamoClaimStore(client: DynamoDBDocumentClient, tableName: string): ClaimStore {
  const read = async (eventId: string) =>
    (
      await client.send(
        new GetCommand({ TableName: tableName, Key: keys.mailClaims(eventId), ConsistentRead: true }),
      )
    ).Item;

  return {
    async claim(eventId, eventType, recipients, now) {
      const outcomes = new Map<string, ClaimOutcome>();
      let pending = [...new Set(recipients)];
      for (let round = 0; round < CLAIM_ROUNDS && pending.length > 0; round++) {
        const tokens = new Map(pending.map((r) => [r, randomUUID()]));
        try {
          await client.send(claimRequest(tableName, eventId, eventType, tokens, now));
          for (const [recipient, token] of tokens) outcomes.set(recipient, { kind: 'claimed', token });
          return outcomes;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          // The failed condition returns the item that stopped us; older emulators may not, so read it then.
          // Recipients someone else holds or finished are answered; the write is tried again for the rest.
          const existing = error.Item ? unmarshall(error.Item) : await read(eventId);
          const free: string[] = [];
          for (const recipient of pending) {
            const outcome = outcomeOf(existing?.[claimAttribute(recipient)], now);
            if (outcome) outcomes.set(recipient, outcome);
            else free.push(recipient);
          }
          pending = free;
        }
      }
      // Still contended after every round: another process keeps changing the item; the retry comes later.
      for (const recipient of pending) outcomes.set(recipient, { kind: 'busy' });
      return outcomes;
    },

    async settle(eventId, settlements, now) {
      if (settlements.length === 0) return;
      try {
        await client.send(settleRequest(tableName, eventId, settlements, now));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // A lease ran out and another process retook that claim: it owns that outcome now. Settle the others
        // one by one, each under its own token (rare: a send outlasted the lease).
        logger.warn('A mail claim was retaken before it was settled', { eventId });
        await Promise.all(
          settlements.map((s) =>
            client.send(settleRequest(tableName, eventId, [s], now)).catch((e: unknown) => {
              if (!(e instanceof ConditionalCheckFailedException)) throw e;
            }),
          ),
        );
      }
    },

    async markRejected(key, token, reason, events, now) {
      await commitIgnoringCondition([holderUpdate(tableName, key, token, reason, now)], events);
    },

    async markSkipped(key, reason, events, now) {
      const update: TransactItem = {
        Update: {
          TableName: tableName,
          Key: keys.mailClaims(key.eventId),
          UpdateExpression:
            'SET entity = :entity, expiresAt = if_not_exists(expiresAt, :expiresAt), #r = :skipped',
          ConditionExpression: 'attribute_not_exists(#r)',
          ExpressionAttributeNames: { '#r': claimAttribute(key.recipient) },
          ExpressionAttributeValues: {
            ':entity': 'mail-claim',
            ':expiresAt': ttl(now),
            ':skipped': { state: 'skipped', reason, at: now.toISOString() },
          },
        },
      };
      await commitIgnoringCondition([update], events);
    },
  };
}

/**
 * The digest's claim of one staff member's email for an event, written with the digest entry: claimable as an
 * email is (no claim, or a released one), then final, so the event is never also emailed to them.
 */
export function digestedClaim(tableName: string, key: MailKey, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.mailClaims(key.eventId),
      UpdateExpression:
        'SET entity = :entity, expiresAt = if_not_exists(expiresAt, :expiresAt), #r = :digested',
      ConditionExpression: 'attribute_not_exists(#r) OR #r.#state = :released',
      ExpressionAttributeNames: { '#r': claimAttribute(key.recipient), '#state': 'state' },
      ExpressionAttributeValues: {
        ':entity': 'mail-claim',
        ':expiresAt': ttl(now),
        ':digested': { state: 'digested', at: now.toISOString() },
        ':released': 'released',
      },
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
