import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { hashApiKey, type Principal, type Role } from '@wuhan/domain';
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

/** The principal a key stands for, or undefined when the key is unknown or revoked. */
export async function principalForKey(plainKey: string): Promise<Principal | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.apiKey(hashApiKey(plainKey)),
      // A revocation takes effect on the very next request, not after replication catches up.
      ConsistentRead: true,
    }),
  );
  if (!Item || Item.revokedAt) return undefined;
  return { role: Item.role as Role, ownerId: Item.ownerId as string, keyId: Item.keyId as string };
}

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  const { keyId, role, ownerId, label, createdAt, createdBy, revokedAt, revokedBy } =
    item as unknown as ApiKeyRecord;
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
