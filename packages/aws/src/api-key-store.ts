import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ApiKeyScope,
  apiKeyScopes,
  defaultKeyExpiry,
  hashApiKey,
  keyState,
  type Principal,
  type Role,
  roleIds,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';
import { queryIndex } from './query.js';

export interface ApiKeyRecord {
  keyId: string;
  role: Role;
  ownerId: string;
  label: string;
  createdAt: string;
  createdBy: string;
  /** From this instant on the authorizer refuses the key (default: a year after issue; a rotation brings it in). */
  expiresAt: string;
  /** Absent or empty: the role's rights only. */
  scopes?: ApiKeyScope[];
  revokedAt?: string;
  revokedBy?: string;
  /** Set on a key that was rotated: its replacement. A key is rotated once. */
  rotatedTo?: string;
  /** Set on a key issued by a rotation: the key it replaces. */
  rotatedFrom?: string;
}

/**
 * Set on a key's item when deactivating its owner is certain to revoke it in the same transaction: the owner's
 * register (below) names it, or its owner cannot be deactivated (staff). The authorizer then judges the key by
 * its own item alone. A key without it (issued before the register existed, during the release that brought
 * it, or seeded) has its owner's `active` flag read as well: such a key may have been issued on a stale read of
 * its owner, or missed by a deactivation that found keys through the lagging index.
 */
export const REVOKED_WITH_OWNER = 'revokedWithOwner' as const;

/** The item for a new key; the plain key never reaches the table. Pure, for tests and for seeding. */
export function apiKeyItem(
  plainKey: string,
  record: ApiKeyRecord,
  options: { revokedWithOwner?: boolean } = {},
): Record<string, unknown> {
  return {
    ...keys.apiKey(hashApiKey(plainKey)),
    ...keys.apiKeyListing(record.keyId),
    ...keys.ownerKeysListing(record.role, record.ownerId, record.keyId),
    entity: 'apikey',
    ...record,
    ...(options.revokedWithOwner ? { [REVOKED_WITH_OWNER]: true } : {}),
  };
}

/**
 * The transaction item that stores a new key; it never overwrites (a hash collision would be refused).
 * `revokedWithOwner`: the same transaction registers the key on its owner (`ownerKeyRegistered`,
 * `ownerKeysAttribute`), or the owner is staff.
 */
export function apiKeyPut(
  plainKey: string,
  record: ApiKeyRecord,
  options: { revokedWithOwner?: boolean } = {},
): TransactItem {
  return {
    Put: {
      TableName: config().tableName,
      Item: apiKeyItem(plainKey, record, options),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The owner's register of its keys, on its profile item (`apiKeys`, a string set of `<keyId>#<hash>`): every key
 * issued through the API is added in the key's own transaction, on the condition that the owner is active, and
 * deactivation revokes every key the register names in its own transaction, on the condition that the register
 * is the size it read. Keys are never deleted and the register only grows, so the two serialise on the profile
 * item: a key is either refused (the owner was already deactivated) or revoked with the owner. That is what lets
 * the authorizer judge a key by its own item alone, in one read (issue 13).
 */
export const OWNER_KEYS_ATTRIBUTE = 'apiKeys' as const;

export interface RegisteredKey {
  keyId: string;
  /** The key item's table key. */
  key: { pk: string; sk: string };
}

const registerEntry = (keyId: string, plainKey: string) => `${keyId}#${hashApiKey(plainKey)}`;

/** The register holding a new profile's first key, for the profile's own Put. */
export function ownerKeysAttribute(keyId: string, plainKey: string): Record<string, Set<string>> {
  return { [OWNER_KEYS_ATTRIBUTE]: new Set([registerEntry(keyId, plainKey)]) };
}

/**
 * Adds a new key to its owner's register, in the key's transaction: refused (a failed condition) when the owner
 * has no profile or it is deactivated, so no key can be issued past a deactivation.
 */
export function ownerKeyRegistered(
  role: Role,
  ownerId: string,
  keyId: string,
  plainKey: string,
): TransactItem {
  return {
    Update: {
      TableName: config().tableName,
      Key: keys.principal(role, ownerId),
      UpdateExpression: 'ADD #keys :entry',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(active) OR active = :true)',
      ExpressionAttributeNames: { '#keys': OWNER_KEYS_ATTRIBUTE },
      ExpressionAttributeValues: { ':entry': new Set([registerEntry(keyId, plainKey)]), ':true': true },
    },
  };
}

const registerSchema = z.object({ apiKeys: z.optional(z.set(z.string())) });

/**
 * The owner's register, read strongly consistent: the keys issued through the API since the register exists.
 * (Keys issued before it are found through the owner's key listing, long since up to date.)
 */
export async function registeredOwnerKeys(role: Role, ownerId: string): Promise<RegisteredKey[]> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.principal(role, ownerId),
      ProjectionExpression: '#keys',
      ExpressionAttributeNames: { '#keys': OWNER_KEYS_ATTRIBUTE },
      ConsistentRead: true,
    }),
  );
  const entries = registerSchema.parse(Item ?? {}).apiKeys ?? new Set<string>();
  return [...entries].flatMap((entry) => {
    const [keyId, hash] = entry.split('#');
    return keyId && hash ? [{ keyId, key: keys.apiKey(hash) }] : [];
  });
}

/** One key's record read strongly consistent by its table key (a key the owner listing does not show yet). */
export async function getApiKeyAt(key: { pk: string; sk: string }): Promise<ApiKeyRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }),
  );
  return Item ? toRecord(Item) : undefined;
}

/** Why a key authenticates nobody; `owner_inactive`: its owner's profile was deactivated (a key without the mark). */
export type KeyRefusal = 'unknown' | 'revoked' | 'expired' | 'owner_inactive';
export type KeyLookup = { principal: Principal } | { refused: KeyRefusal };

/**
 * The principal a key stands for at `now`, or why there is none: the key is unknown, revoked or expired, or its
 * owner is deactivated. One strongly consistent read for a key marked `revokedWithOwner` (every key issued
 * since the owner register exists): its owner's deactivation revokes it in the same transaction, so the key
 * item alone says whether its owner still stands. An unmarked key also has its owner's `active` flag read,
 * strongly consistent, as before the register.
 */
export async function lookupApiKey(plainKey: string, now: Date = new Date()): Promise<KeyLookup> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.apiKey(hashApiKey(plainKey)),
      // A revocation takes effect on the very next request, not after replication catches up.
      ConsistentRead: true,
    }),
  );
  if (!Item) return { refused: 'unknown' };
  const parsed = storedKey.safeParse(Item);
  if (!parsed.success) return { refused: 'unknown' };
  const record = toRecord(parsed.data);
  const state = keyState(record, now);
  if (state !== 'active') return { refused: state };
  const { role, ownerId, keyId, scopes } = record;
  if (parsed.data[REVOKED_WITH_OWNER] !== true && !(await ownerIsActive(role, ownerId))) {
    return { refused: 'owner_inactive' };
  }
  return { principal: { role, ownerId, keyId, ...(scopes?.length ? { scopes } : {}) } };
}

/** The owner's `active` flag, strongly consistent; an owner without a profile item is judged by its key alone. */
async function ownerIsActive(role: Role, ownerId: string): Promise<boolean> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.principal(role, ownerId),
      ProjectionExpression: 'active',
      ConsistentRead: true,
    }),
  );
  return Item?.active !== false;
}

/** The principal a key stands for now, or undefined (see `lookupApiKey` for why). */
export async function principalForKey(plainKey: string): Promise<Principal | undefined> {
  const found = await lookupApiKey(plainKey);
  return 'principal' in found ? found.principal : undefined;
}

const storedKey = z.object({
  keyId: z.string(),
  role: z.enum(roleIds),
  ownerId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  // Keys written before expiry existed have none: they expire a year after they were made, like a new one.
  expiresAt: z.optional(z.iso.datetime()),
  // Unknown scopes (from a newer writer) are dropped rather than failing the key.
  scopes: z.pipe(
    z.optional(z.array(z.string())),
    z.transform((list) =>
      list?.filter((s): s is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(s)),
    ),
  ),
  revokedAt: z.optional(z.string()),
  revokedBy: z.optional(z.string()),
  rotatedTo: z.optional(z.string()),
  rotatedFrom: z.optional(z.string()),
  [REVOKED_WITH_OWNER]: z.optional(z.boolean()),
});

/**
 * Every key of one owner with its table key (for revoking them all when the owner is deactivated). The index is
 * eventually consistent: deactivation adds what the owner's register names and this has not shown yet.
 */
export async function ownerApiKeys(
  role: Role,
  ownerId: string,
): Promise<{ key: { pk: string; sk: string }; record: ApiKeyRecord }[]> {
  const listing = keys.ownerKeysListing(role, ownerId, '');
  const out: { key: { pk: string; sk: string }; record: ApiKeyRecord }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryIndex(
      {
        TableName: config().tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': listing.gsi2pk },
        ExclusiveStartKey: start,
      },
      { stillListed: { attribute: 'gsi2pk', value: listing.gsi2pk } },
    );
    for (const item of page.items) {
      out.push({ key: { pk: String(item.pk), sk: String(item.sk) }, record: toRecord(item) });
    }
    start = page.lastEvaluatedKey;
  } while (start);
  return out;
}

function toRecord(item: unknown): ApiKeyRecord {
  const stored = storedKey.parse(item);
  const { keyId, role, ownerId, label, createdAt, createdBy, revokedAt, revokedBy, rotatedTo, rotatedFrom } =
    stored;
  return {
    keyId,
    role,
    ownerId,
    label,
    createdAt,
    createdBy,
    expiresAt: stored.expiresAt ?? defaultKeyExpiry(new Date(createdAt)).toISOString(),
    ...(stored.scopes?.length ? { scopes: stored.scopes } : {}),
    ...(revokedAt ? { revokedAt, revokedBy } : {}),
    ...(rotatedTo ? { rotatedTo } : {}),
    ...(rotatedFrom ? { rotatedFrom } : {}),
  };
}

export async function listApiKeys(
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<{ items: ApiKeyRecord[]; next?: Record<string, unknown> }> {
  const out = await queryIndex({
    TableName: config().tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.apiKeysPartition },
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: cursor,
  });
  return {
    items: out.items.map(toRecord),
    ...(out.lastEvaluatedKey ? { next: out.lastEvaluatedKey } : {}),
  };
}

/** A key by its id (the listing index), with the table key of its item. */
export async function findApiKey(
  keyId: string,
): Promise<{ key: { pk: string; sk: string }; record: ApiKeyRecord } | undefined> {
  const found = await queryIndex({
    TableName: config().tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
    ExpressionAttributeValues: { ':pk': keys.apiKeysPartition, ':id': keyId },
  });
  const item = found.items[0];
  if (!item) return undefined;
  return { key: { pk: String(item.pk), sk: String(item.sk) }, record: toRecord(item) };
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

/**
 * Shortens a key's life to `expiresAt` and links it to its replacement, once: the condition refuses a revoked
 * key, an expired one, and one already rotated (two rotations at once make one new key, not two).
 */
export function apiKeyRotateUpdate(
  key: { pk: string; sk: string },
  rotation: { newKeyId: string; expiresAt: string },
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: config().tableName,
      Key: key,
      UpdateExpression: 'SET expiresAt = :expires, rotatedTo = :next',
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND attribute_not_exists(rotatedTo) ' +
        'AND (attribute_not_exists(expiresAt) OR expiresAt > :now)',
      ExpressionAttributeValues: {
        ':expires': rotation.expiresAt,
        ':next': rotation.newKeyId,
        ':now': now.toISOString(),
      },
    },
  };
}
