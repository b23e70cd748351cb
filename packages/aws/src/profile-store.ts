import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type District,
  eventEnvelopeSchema,
  isActive,
  type Profile,
  type ProfileOf,
  profileSchema,
  type Role,
} from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';
import { hydrate, queryAll, queryIndex, queryIndexKeys, tableKeyOf } from './query.js';

/**
 * Profiles in the single table: `pk <ROLE>#<id>, sk PROFILE`, their audit history in the same partition
 * (`sk EVENT#…`, written by `commit`), an active listing on gsi1 (what notification and assignment read) and a
 * listing of every profile of a role on gsi2 (staff's view, active or not).
 */

/** The active listing a profile of this role has: a commissioner is listed by district, the others by role. */
function activeListing(profile: Profile): Record<string, string> {
  return profile.role === 'commissioner'
    ? keys.commissionerListing(profile.district, profile.id)
    : keys.profileListing(profile.role, profile.id);
}

/** The item for a profile, with the listing keys its role needs. Pure: the seed and the tests build with it. */
export function profileItem(profile: Profile): Record<string, unknown> {
  return {
    ...keys.principal(profile.role, profile.id),
    ...(isActive(profile) ? activeListing(profile) : {}),
    ...keys.profileAdminListing(profile.role, profile.id),
    entity: 'profile',
    ...profile,
  };
}

/** A stored item read back as a profile: parsed (the table's own attributes are dropped by the schema). */
export function profileFromItem(item: Record<string, unknown>): Profile {
  const parsed = profileSchema.safeParse(item);
  if (!parsed.success) {
    throw new Error(`Stored profile ${String(item.pk)} does not match its schema: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** The profile as its role's type; an item under one role's key that holds another role is a fault (throws). */
export function ofRole<R extends Role>(role: R, profile: Profile): ProfileOf<R> {
  if (profile.role !== role) throw new Error(`Profile ${profile.id} is a ${profile.role}, not a ${role}`);
  return profile as ProfileOf<R>;
}

export async function getProfile<R extends Role>(
  role: R,
  id: string,
  options: { consistent?: boolean } = {},
): Promise<ProfileOf<R> | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.principal(role, id),
      ...(options.consistent ? { ConsistentRead: true } : {}),
    }),
  );
  return Item ? ofRole(role, profileFromItem(Item)) : undefined;
}

/** An active listing's profiles, read from the table. */
async function listed(gsi1pk: string): Promise<Profile[]> {
  const items = await queryAll({ indexName: 'gsi1', partitionAttribute: 'gsi1pk', partitionValue: gsi1pk });
  return items.map(profileFromItem);
}

/** Every active profile of a role (staff for notifications, experts for assignment). Not for commissioners. */
export async function listProfiles<R extends Exclude<Role, 'commissioner'>>(
  role: R,
): Promise<ProfileOf<R>[]> {
  return (await listed(keys.profileListing(role, '').gsi1pk)).map((p) => ofRole(role, p));
}

/**
 * The table keys of each district's listing as this process last read it (issue 13), by table and listing. The
 * next read of that district sends the consistent read of those profiles alongside the listing's Query instead
 * of after it: one round trip instead of two while the district's commissioners stay the same, as they do for
 * months. Bounded by the districts there are.
 */
const lastListed = new Map<string, Record<string, unknown>[]>();

/** Unit tests start each case as a fresh process would (no listing read yet). */
export function forgetListedCommissioners(): void {
  lastListed.clear();
}

/**
 * The active commissioners of a district, each profile (its open-project counter) as last written, in the
 * listing's order. The listing is gsi1's (eventually consistent, keys only) and decides who is in; each profile
 * is read strongly consistent from the table, and one that left the listing in between (moved district,
 * deactivated) is dropped. The profiles the previous listing named are read together with the listing (above);
 * any it names that were not among them are read right after. So the answer is the one a Query followed by a
 * BatchGetItem gives, with the Query's wait overlapped.
 */
export async function commissionersOf(district: District): Promise<ProfileOf<'commissioner'>[]> {
  const listing = keys.commissionerListing(district, '').gsi1pk;
  const read = { consistent: true, stillListed: { attribute: 'gsi1pk', value: listing } };
  const cacheKey = `${config().tableName}\u0000${listing}`;
  const guess = lastListed.get(cacheKey) ?? [];
  const [listedNow, guessed] = await Promise.all([
    queryIndexKeys({ indexName: 'gsi1', partitionAttribute: 'gsi1pk', partitionValue: listing }),
    hydrate(guess, read),
  ]);
  lastListed.set(
    cacheKey,
    listedNow.map(({ pk, sk }) => ({ pk, sk })),
  );
  const found = new Map(guessed.map((item) => [tableKeyOf(item), item]));
  const unread = listedNow.filter((key) => !found.has(tableKeyOf(key)));
  for (const item of await hydrate(unread, read)) found.set(tableKeyOf(item), item);
  return listedNow.flatMap((key) => {
    const item = found.get(tableKeyOf(key));
    return item ? [ofRole('commissioner', profileFromItem(item))] : [];
  });
}

/** One page of every profile of a role (active or not), in id order (ids sort by creation time). */
export async function listProfilesPage<R extends Role>(
  role: R,
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<{ items: ProfileOf<R>[]; next?: Record<string, unknown> }> {
  const out = await queryIndex({
    TableName: config().tableName,
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.profileAdminListing(role, '').gsi2pk },
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: cursor,
  });
  return {
    items: out.items.map((item) => ofRole(role, profileFromItem(item))),
    ...(out.lastEvaluatedKey ? { next: out.lastEvaluatedKey } : {}),
  };
}

/** A profile with its audit history (every `profile.*` event, oldest first), in one strongly consistent query. */
export async function getProfileWithHistory<R extends Role>(
  role: R,
  id: string,
): Promise<{ profile: ProfileOf<R>; history: Record<string, unknown>[] } | undefined> {
  const { pk, sk } = keys.principal(role, id);
  let profile: ProfileOf<R> | undefined;
  const history: Record<string, unknown>[] = [];
  const items = await queryAll({ partitionAttribute: 'pk', partitionValue: pk, consistentRead: true });
  for (const item of items) {
    if (item.sk === sk) profile = ofRole(role, profileFromItem(item));
    else if (typeof item.sk === 'string' && item.sk.startsWith(keys.historyPrefix) && item.event) {
      history.push(eventEnvelopeSchema.parse(item.event));
    }
  }
  return profile ? { profile, history } : undefined;
}

/** Stores a new profile; never overwrites one (ids are fresh, so a clash is a bug, refused). */
/** `attributes`: the table's own attributes stored with it (the owner's key register, api-key-store.ts). */
export function profilePut(profile: Profile, attributes: Record<string, unknown> = {}): TransactItem {
  return {
    Put: {
      TableName: config().tableName,
      Item: { ...profileItem(profile), ...attributes },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The natural key an active profile holds, if its role has one (a platform's platformId, a fund manager's code). */
export function naturalKeyOf(profile: Profile): { field: string; value: string } | undefined {
  if (profile.role === 'platform') return { field: 'platformId', value: profile.platformId };
  if (profile.role === 'fund_manager' && profile.creditCode)
    return { field: 'creditCode', value: profile.creditCode };
  return undefined;
}

/** The item that marks a natural key as held. Pure: the seed writes it next to the seeded profile. */
export function naturalKeyItem(
  role: Role,
  field: string,
  value: string,
  ownerId: string,
): Record<string, unknown> {
  return { ...keys.profileNaturalKey(role, field, value), entity: 'profilekey', ownerId };
}

/** Claims a natural key (a platformId, a credit code) for one profile; fails when another profile holds it. */
export function naturalKeyPut(role: Role, field: string, value: string, ownerId: string): TransactItem {
  return {
    Put: {
      TableName: config().tableName,
      Item: naturalKeyItem(role, field, value, ownerId),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Frees a natural key held by this owner (deactivation), so a new profile may take it. */
export function naturalKeyDelete(role: Role, field: string, value: string, ownerId: string): TransactItem {
  return {
    Delete: {
      TableName: config().tableName,
      Key: keys.profileNaturalKey(role, field, value),
      ConditionExpression: 'ownerId = :owner',
      ExpressionAttributeValues: { ':owner': ownerId },
    },
  };
}

/**
 * Applies staff's changes to a profile, on the condition that the stored one is still the version the change
 * was computed from (optimistic concurrency; a profile stored before versions existed counts as 0) and still
 * active. Only the named fields are set, never the whole item: a commissioner's `openProjects` counter moves by
 * atomic ADDs from intake that no version guards. The active listing is rewritten from the next state, so a
 * commissioner who changes district moves to the new district's listing.
 */
export function profileUpdate(
  next: Profile,
  changed: readonly string[],
  expectedVersion: number,
): TransactItem {
  const values: Record<string, unknown> = { ':v': expectedVersion, ':true': true };
  const names: Record<string, string> = {};
  const sets: string[] = [];
  const record: Record<string, unknown> = { ...next };
  const assign = (name: string, value: unknown) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  };
  for (const name of changed) assign(name, record[name]);
  for (const [name, value] of Object.entries(activeListing(next))) assign(name, value);
  assign('updatedAt', next.updatedAt);
  assign('version', next.version);
  const versionCondition =
    expectedVersion === 0 ? '(attribute_not_exists(#version) OR #version = :v)' : '#version = :v';
  return {
    Update: {
      TableName: config().tableName,
      Key: keys.principal(next.role, next.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: `attribute_exists(pk) AND ${versionCondition} AND (attribute_not_exists(active) OR active = :true)`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Deactivates a profile once: it leaves the active listing (no more email, no more assignments) and keeps its
 * admin listing and history. The condition makes a second deactivation fail, which the use case reads as done.
 */
export function profileDeactivate(
  role: Role,
  id: string,
  change: { at: string; by: string; reason: string; version: number; keysRegistered: number },
): TransactItem {
  // The owner's key register as read (api-key-store.ts): a key issued since then fails this, and the next
  // attempt revokes it too. It only grows, so its size says it is unchanged.
  const register =
    change.keysRegistered === 0
      ? ' AND attribute_not_exists(apiKeys)'
      : ' AND size(apiKeys) = :keysRegistered';
  return {
    Update: {
      TableName: config().tableName,
      Key: keys.principal(role, id),
      UpdateExpression:
        'SET active = :false, deactivatedAt = :at, deactivatedBy = :by, deactivationReason = :reason, ' +
        'updatedAt = :at, version = :version REMOVE gsi1pk, gsi1sk',
      ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(active) OR active = :true)${register}`,
      ExpressionAttributeValues: {
        ':false': false,
        ':true': true,
        ':at': change.at,
        ':by': change.by,
        ':reason': change.reason,
        ':version': change.version,
        ...(change.keysRegistered ? { ':keysRegistered': change.keysRegistered } : {}),
      },
    },
  };
}
