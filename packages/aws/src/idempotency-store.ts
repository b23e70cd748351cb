import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '@wuhan/domain/zod';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

/**
 * HTTP idempotency records (issue 13: our own, replacing Powertools' ~45 KB per write API). One item per
 * caller|route|Idempotency-Key, keyed by the scope's SHA-256 so neither the caller's key nor the body is stored
 * in the key. Two ways to complete one:
 * - locked: `claimIdempotency` puts an in-progress record before the work, `completeIdempotency` replaces it with
 *   the answer, `releaseIdempotency` deletes it when the work failed so a retry can run;
 * - atomic: `idempotencyRecordPut` is the completed record as one item of the effect's own transaction, so the
 *   record exists exactly when the effect does (no lock, no second write).
 */

/** The answer replayed for a repeated request: what the router sent the first time (or its redacted form). */
export interface StoredResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

export type IdempotencyRecord =
  | { state: 'in_progress'; bodyHash: string; lockedUntilMs: number }
  | { state: 'completed'; bodyHash: string; response: StoredResponse };

/** A stored answer is kept a day: long enough for any client's retries, short enough to keep the table lean. */
export const IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The record's table key for a scope (caller|METHOD path|Idempotency-Key). */
export function idempotencyKeyOf(scope: string): { pk: string; sk: string } {
  return keys.idempotencyRecord(sha256(scope));
}

/** What tells "the same request" from "the same key with another body": the parsed body's JSON, hashed. */
export function idempotencyBodyHash(body: unknown): string {
  return sha256(JSON.stringify(body ?? null));
}

const storedResponse = z.object({
  statusCode: z.number(),
  headers: z.optional(z.record(z.string(), z.string())),
  body: z.string(),
});

const storedRecord = z.union([
  z.object({
    idempotencyStatus: z.literal('in_progress'),
    bodyHash: z.string(),
    expiresAt: z.number(),
    lockedUntil: z.number(),
  }),
  z.object({
    idempotencyStatus: z.literal('completed'),
    bodyHash: z.string(),
    expiresAt: z.number(),
    response: storedResponse,
  }),
]);

/**
 * The record as it stands at `now`, or undefined when there is none or it no longer counts: TTL deletes lazily
 * (up to days late), so an expired record is treated as absent, and so is an in-progress lock whose holder ran
 * out of time (its function was killed before it could release it).
 */
export function recordInForce(item: unknown, now: Date): IdempotencyRecord | undefined {
  if (item === undefined) return undefined;
  const parsed = storedRecord.safeParse(item);
  if (!parsed.success) return undefined;
  const record = parsed.data;
  if (record.expiresAt * 1000 <= now.getTime()) return undefined;
  if (record.idempotencyStatus === 'in_progress') {
    if (record.lockedUntil <= now.getTime()) return undefined;
    return { state: 'in_progress', bodyHash: record.bodyHash, lockedUntilMs: record.lockedUntil };
  }
  const { statusCode, headers, body } = record.response;
  return {
    state: 'completed',
    bodyHash: record.bodyHash,
    response: { statusCode, body, ...(headers ? { headers } : {}) },
  };
}

/** The record for a scope, read strongly consistent: a duplicate right after the first answer must see it. */
export async function readIdempotency(scope: string, now: Date): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: idempotencyKeyOf(scope), ConsistentRead: true }),
  );
  return recordInForce(Item, now);
}

const expiresAtOf = (now: Date) => Math.floor(now.getTime() / 1000) + IDEMPOTENCY_RETENTION_SECONDS;

/** Writing over a record is allowed only when there is none in force (none, expired, or an abandoned lock). */
const NO_RECORD_IN_FORCE =
  'attribute_not_exists(pk) OR expiresAt <= :nowSeconds OR (idempotencyStatus = :inProgress AND lockedUntil <= :nowMs)';
const noRecordValues = (now: Date) => ({
  ':nowSeconds': Math.floor(now.getTime() / 1000),
  ':nowMs': now.getTime(),
  ':inProgress': 'in_progress',
});

function completedItem(scope: string, bodyHash: string, response: StoredResponse, now: Date) {
  return {
    ...idempotencyKeyOf(scope),
    entity: 'idempotency',
    idempotencyStatus: 'completed',
    bodyHash,
    response,
    expiresAt: expiresAtOf(now),
  };
}

/**
 * Takes the lock for a request: an in-progress record that lapses at `lockedUntil` (the function's own deadline,
 * so a killed invocation never blocks retries for longer than it could have run). Answers `acquired`, or the
 * record in force that stopped it.
 */
export async function claimIdempotency(
  scope: string,
  bodyHash: string,
  now: Date,
  lockedUntil: Date,
): Promise<{ acquired: true } | { acquired: false; existing: IdempotencyRecord | undefined }> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config().tableName,
        Item: {
          ...idempotencyKeyOf(scope),
          entity: 'idempotency',
          idempotencyStatus: 'in_progress',
          bodyHash,
          lockedUntil: lockedUntil.getTime(),
          expiresAt: expiresAtOf(now),
        },
        ConditionExpression: NO_RECORD_IN_FORCE,
        ExpressionAttributeValues: noRecordValues(now),
      }),
    );
    return { acquired: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Only a duplicate gets here (rare): read what stopped it; its holder may just have finished.
    return { acquired: false, existing: await readIdempotency(scope, now) };
  }
}

/** Replaces the lock with the answer (one write; the lock was ours, so no condition). */
export async function completeIdempotency(
  scope: string,
  bodyHash: string,
  response: StoredResponse,
  now: Date,
): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: config().tableName, Item: completedItem(scope, bodyHash, response, now) }),
  );
}

/** Frees the lock after a failed execution, so the client's retry runs instead of waiting for it to lapse. */
export async function releaseIdempotency(scope: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: config().tableName,
        Key: idempotencyKeyOf(scope),
        // Only a lock: a completed record (never ours to delete) stays.
        ConditionExpression: 'idempotencyStatus = :inProgress',
        ExpressionAttributeValues: { ':inProgress': 'in_progress' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * The completed record as an item of the effect's own transaction: it commits with the effect or not at all,
 * and only where no record is in force, so of two identical requests racing, exactly one transaction commits.
 */
export function idempotencyRecordPut(
  scope: string,
  bodyHash: string,
  response: StoredResponse,
  now: Date,
): TransactItem {
  return {
    Put: {
      TableName: config().tableName,
      Item: completedItem(scope, bodyHash, response, now),
      ConditionExpression: NO_RECORD_IN_FORCE,
      ExpressionAttributeValues: noRecordValues(now),
    },
  };
}
