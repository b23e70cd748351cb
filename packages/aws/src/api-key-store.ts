import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Principal, type Role, hashApiKey } from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';

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

export async function putApiKey(plainKey: string, record: ApiKeyRecord): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: config().tableName,
      Item: apiKeyItem(plainKey, record),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The principal a key stands for, or undefined when the key is unknown or revoked. */
export async function principalForKey(plainKey: string): Promise<Principal | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: keys.apiKey(hashApiKey(plainKey)) }),
  );
  if (!Item || Item.revokedAt) return undefined;
  return { role: Item.role as Role, ownerId: Item.ownerId as string, keyId: Item.keyId as string };
}

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  const { keyId, role, ownerId, label, createdAt, createdBy, revokedAt, revokedBy } = item as unknown as ApiKeyRecord;
  return { keyId, role, ownerId, label, createdAt, createdBy, ...(revokedAt ? { revokedAt, revokedBy } : {}) };
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
      ExpressionAttributeValues: { ':pk': 'APIKEYS' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor,
    }),
  );
  return { items: (out.Items ?? []).map(toRecord), ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
}

/** Revokes by key id; returns the record, or undefined when there is no such key. Revoking twice is a no-op. */
export async function revokeApiKey(keyId: string, by: string, now: Date): Promise<ApiKeyRecord | undefined> {
  const found = await documentClient.send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
      ExpressionAttributeValues: { ':pk': 'APIKEYS', ':id': keyId },
    }),
  );
  const item = found.Items?.[0];
  if (!item) return undefined;
  if (item.revokedAt) return toRecord(item);
  const updated = await documentClient.send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now), revokedBy = if_not_exists(revokedBy, :by)',
      ExpressionAttributeValues: { ':now': now.toISOString(), ':by': by },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toRecord(updated.Attributes ?? item);
}
