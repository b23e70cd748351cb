import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { hashApiKey, type Principal, type Role, roleIds } from '@wuhan/domain';
import { z } from 'zod';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export interface ApiKeyRecord {
  keyId: string;
  role: Role;
  ownerId: string;
  label: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}

/** The item for a new key; the plain key never reaches the table. Pure, for tests and for seeding. */
export function apiKeyItem(plainKey: string, record: ApiKeyRecord): Record<string, unknown> {
  return {
    ...keys.apiKey(hashApiKey(plainKey)),
    ...keys.apiKeyListing(record.keyId),
    ...keys.ownerKeysListing(record.role, record.ownerId, record.keyId),
    entity: 'apikey',
    ...record,
  };
}

/** The transaction item that stores a new key; it never overwrites (a hash collision would be refused). */
export function apiKeyPut(plainKey: string, record: ApiKeyRecord): TransactItem {
  return {
    Put: {
      TableName: config().tableName,
      Item: apiKeyItem(plainKey, record),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The principal a key stands for, or undefined when the key is unknown or revoked, or its owner's profile is
 * deactivated. Deactivation revokes the owner's keys in the same transaction, but it finds them through an
 * eventually consistent index, so a key issued a moment before could be missed: the owner's `active` flag,
 * read strongly consistent, closes that gap for one more small read per request. A key whose owner has no
 * profile item (none is issued so today) is judged by the key alone.
 */
export async function principalForKey(plainKey: string): Promise<Principal | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.apiKey(hashApiKey(plainKey)),
      // A revocation takes effect on the very next request, not after replication catches up.
      ConsistentRead: true,
    }),
  );
  const parsed = storedKey.safeParse(Item);
  if (!parsed.success || parsed.data.revokedAt) return undefined;
  const { role, ownerId, keyId } = parsed.data;
  const { Item: owner } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.principal(role, ownerId),
      ProjectionExpression: 'active',
      ConsistentRead: true,
    }),
  );
  if (owner?.active === false) return undefined;
  return { role, ownerId, keyId };
}

const storedKey = z.object({
  keyId: z.string(),
  role: z.enum(roleIds),
  ownerId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});

/**
 * Every key of one owner with its table key (for revoking them all when the owner is deactivated). The index is
 * eventually consistent; `principalForKey` also checks the owner, so a key this misses still stops working.
 */
export async function ownerApiKeys(
  role: Role,
  ownerId: string,
): Promise<{ key: { pk: string; sk: string }; record: ApiKeyRecord }[]> {
  const listing = keys.ownerKeysListing(role, ownerId, '');
  const out: { key: { pk: string; sk: string }; record: ApiKeyRecord }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': listing.gsi2pk },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      out.push({ key: { pk: String(item.pk), sk: String(item.sk) }, record: toRecord(item) });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  const { keyId, role, ownerId, label, createdAt, createdBy, revokedAt, revokedBy } = storedKey.parse(item);
  return {
    keyId,
    role,
    ownerId,
    label,
    createdAt,
    createdBy,
    ...(revokedAt ? { revokedAt, revokedBy } : {}),
  };
}

export async function listApiKeys(
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<{ items: ApiKeyRecord[]; next?: Record<string, unknown> }> {
  const out = await documentClient.send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.apiKeysPartition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor,
    }),
  );
  return {
    items: (out.Items ?? []).map(toRecord),
    ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}),
  };
}

/** A key by its id (the listing index), with the table key of its item. */
export async function findApiKey(
  keyId: string,
): Promise<{ key: { pk: string; sk: string }; record: ApiKeyRecord } | undefined> {
  const found = await documentClient.send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
      ExpressionAttributeValues: { ':pk': keys.apiKeysPartition, ':id': keyId },
    }),
  );
  const item = found.Items?.[0];
  if (!item) return undefined;
  return { key: { pk: item.pk as string, sk: item.sk as string }, record: toRecord(item) };
}

/** Marks a key revoked, once: the condition keeps the first revocation's time and author. */
export function apiKeyRevokeUpdate(key: { pk: string; sk: string }, by: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: config().tableName,
      Key: key,
      UpdateExpression: 'SET revokedAt = :now, revokedBy = :by',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':now': now.toISOString(), ':by': by },
    },
  };
}
