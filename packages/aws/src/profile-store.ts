import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { District, Profile, ProfileOf, Role } from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';

/** The item for a profile, with the listing keys its role needs. Pure: the seed and the tests build with it. */
export function profileItem(profile: Profile): Record<string, unknown> {
  const listing =
    profile.role === 'commissioner'
      ? keys.commissionerListing(profile.district, profile.id)
      : { gsi1pk: `PROFILES#${profile.role}`, gsi1sk: profile.id };
  return { ...keys.principal(profile.role, profile.id), ...listing, entity: 'profile', ...profile };
}

function strip(item: Record<string, unknown>): Profile {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, entity: _e, ...rest } = item;
  return rest as unknown as Profile;
}

export async function getProfile<R extends Role>(role: R, id: string): Promise<ProfileOf<R> | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: keys.principal(role, id) }),
  );
  return Item ? (strip(Item) as ProfileOf<R>) : undefined;
}

async function queryAll(gsi1pk: string): Promise<Profile[]> {
  const out: Profile[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []).map(strip));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Every profile of a role (staff for notifications, experts for assignment). Not for commissioners. */
export async function listProfiles<R extends Exclude<Role, 'commissioner'>>(
  role: R,
): Promise<ProfileOf<R>[]> {
  return (await queryAll(`PROFILES#${role}`)) as ProfileOf<R>[];
}

export async function commissionersOf(district: District): Promise<ProfileOf<'commissioner'>[]> {
  return (await queryAll(keys.commissionerListing(district, '').gsi1pk)) as ProfileOf<'commissioner'>[];
}
