import { existsSync, readFileSync } from 'node:fs';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultKeyExpiry, generateApiKey, newId, roleIds } from '@wuhan/domain';
import type { PlatformSpec } from '@wuhan/topology';
import * as z from 'zod';
import { demoProfiles } from './seed-data.js';
import type { Credentials, IssuedCredential } from './types.js';

/** Bump when the demo cast changes, so persisted data gets the new people on the next start. */
const SEED_VERSION = 4;

function readCredentials(file: string | undefined): Credentials | undefined {
  if (!file || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
}

/**
 * Writes the demo profiles and one API key for each, unless this table was already seeded with the keys in
 * `credentialsFile` (a restart: same keys, nothing written). Keys are stored only as hashes; the plain keys
 * live in `.local/credentials.json` so they stay valid across restarts.
 */
export async function seed(options: {
  dynamodb: DynamoDBClient;
  tableName: string;
  platforms: readonly PlatformSpec[];
  credentialsFile?: string;
  now?: Date;
}): Promise<{ credentials: Credentials; seeded: boolean }> {
  // Imported here, not at the top: @wuhan/aws creates the shared SDK clients, which must see the stack's env.
  const aws = await import('@wuhan/aws');
  const { apiKeyItem, naturalKeyItem, naturalKeyOf, ownerKeysAttribute, profileItem, seedParameterDefaults } =
    aws;
  const marker = aws.keys.localSeedMarker(SEED_VERSION);
  const documents = DynamoDBDocumentClient.from(options.dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const now = options.now ?? new Date();
  // Version 1 of every parameter set, on every start: idempotent, and a table seeded before parameters
  // existed gets them too.
  await seedParameterDefaults({ client: documents, tableName: options.tableName, now });
  const profiles = demoProfiles(options.platforms);

  const known = readCredentials(options.credentialsFile);
  const { Item: seededMarker } = await documents.send(
    new GetCommand({ TableName: options.tableName, Key: marker }),
  );
  if (known && seededMarker) return { credentials: known, seeded: false };

  // The first staff member administers keys (issues staff keys, revokes other staff members' keys); the other
  // staff members' keys are ordinary staff keys, so both sides of that separation can be tried locally.
  const adminId = profiles.find((p) => p.role === 'staff')?.id;
  const keys: IssuedCredential[] = profiles.map((profile) => {
    const reused = known?.keys.find((k) => k.ownerId === profile.id && k.role === profile.role);
    const scopes = profile.id === adminId ? { scopes: ['admin' as const] } : {};
    const platform = profile.role === 'platform' ? { platformId: profile.platformId } : {};
    return {
      ...(reused ?? {
        role: profile.role,
        ownerId: profile.id,
        keyId: newId('key', now),
        key: generateApiKey(),
        label: `demo ${profile.role}: ${profile.name}`,
      }),
      ...scopes,
      ...platform,
    };
  });

  const put = async (Item: Record<string, unknown>, onlyNew: boolean) => {
    try {
      await documents.send(
        new PutCommand({
          TableName: options.tableName,
          Item,
          ...(onlyNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  await Promise.all([
    // A profile already there is kept: the product maintains counters on it (open projects).
    ...profiles.map((profile) => put(profileItem(profile), true)),
    // A seeded platform holds its platformId as a profile created over the API would (a second one is a 409).
    ...profiles.flatMap((profile) => {
      const natural = naturalKeyOf(profile);
      return natural
        ? [put(naturalKeyItem(profile.role, natural.field, natural.value, profile.id), true)]
        : [];
    }),
    ...keys.map((k) =>
      put(
        apiKeyItem(
          k.key,
          {
            keyId: k.keyId,
            role: z.enum(roleIds).parse(k.role),
            ownerId: k.ownerId,
            label: k.label,
            createdAt: now.toISOString(),
            createdBy: 'local-stack-seed',
            expiresAt: defaultKeyExpiry(now).toISOString(),
            ...(k.scopes?.length ? { scopes: [...k.scopes] } : {}),
          },
          { revokedWithOwner: true },
        ),
        // Overwritten on a new seed version: a table seeded before keys had scopes and expiry gets them.
        false,
      ),
    ),
  ]);
  // Each key on its owner's register, as the keys function registers a key it issues: the mark on the key
  // (`revokedWithOwner`, one read in the authorizer) holds only if a deactivation finds it there. After the
  // profiles, which the register updates must not create; staff have no register (no deactivation).
  await Promise.all(
    keys
      .filter((k) => k.role !== 'staff')
      .map((k) =>
        documents.send(
          new UpdateCommand({
            TableName: options.tableName,
            Key: aws.keys.principal(z.enum(roleIds).parse(k.role), k.ownerId),
            UpdateExpression: 'ADD #keys :entry',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#keys': aws.OWNER_KEYS_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':entry': ownerKeysAttribute(k.keyId, k.key)[aws.OWNER_KEYS_ATTRIBUTE],
            },
          }),
        ),
      ),
  );
  await put({ ...marker, entity: 'local-seed', seededAt: now.toISOString() }, false);
  return { credentials: { keys }, seeded: true };
}
