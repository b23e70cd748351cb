import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { District, Profile, ProfileOf, Role } from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import { queryAll } from './query.js';

/** The item for a profile, with the listing keys its role needs. Pure: the seed and the tests build with it. */
export function profileItem(profile: Profile): Record<string, unknown> {
  const listing =
    profile.role === 'commissioner'
      ? keys.commissionerListing(profile.district, profile.id)
      : keys.profileListing(profile.role, profile.id);
  return { ...keys.principal(profile.role, profile.id), ...listing, entity: 'profile', ...profile };
}

function strip(item: Record<string, unknown>): Profile {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, entity: _e, ...rest } = item;
  return rest as unknown as Profile;
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
  return Item ? (strip(Item) as ProfileOf<R>) : undefined;
}

async function listed(gsi1pk: string): Promise<Profile[]> {
  const items = await queryAll({ indexName: 'gsi1', partitionAttribute: 'gsi1pk', partitionValue: gsi1pk });
  return items.map(strip);
}

/** Every profile of a role (staff for notifications, experts for assignment). Not for commissioners. */
export async function listProfiles<R extends Exclude<Role, 'commissioner'>>(
  role: R,
): Promise<ProfileOf<R>[]> {
  return (await listed(keys.profileListing(role, '').gsi1pk)) as ProfileOf<R>[];
}

export async function commissionersOf(district: District): Promise<ProfileOf<'commissioner'>[]> {
  return (await listed(keys.commissionerListing(district, '').gsi1pk)) as ProfileOf<'commissioner'>[];
}
