import {
  type ApiKeyRecord,
  apiKeyPut,
  commit,
  naturalKeyOf,
  naturalKeyPut,
  ownerKeysAttribute,
  profilePut as profilePutFor,
  type TransactItem,
  TransactionRejected,
} from '@wuhan/aws';
import type { CreateBody } from '@wuhan/contract';
import { type ManagedRole, type ProfileKind, profileKinds } from '@wuhan/contract';
import {
  actorOf,
  apikeyIssuedEvent,
  type Caller,
  ConflictError,
  defaultKeyExpiry,
  generateApiKey,
  newEventOf,
  newId,
  type ProfileOf,
  profileCreatedEvent,
} from '@wuhan/domain';
import { type ConfiguredPlatform, checkConfiguredPlatform, newProfile } from './build-profile.js';

export interface Created {
  profile: ProfileOf<ManagedRole>;
  keyId: string;
  apiKey: string;
}

/**
 * Creates a profile and its first API key in one transaction, with `profile.created` and `apikey.issued` in its
 * audit history: either the person exists and can call at once, or nothing was written. The plain key is
 * returned here once; only its hash is stored.
 */
export async function createProfile<K extends ProfileKind>(
  kind: K,
  body: CreateBody<K>,
  caller: Caller,
  platforms: readonly ConfiguredPlatform[],
): Promise<Created> {
  const { role, idPrefix, label } = profileKinds[kind];
  if ('platformId' in body) checkConfiguredPlatform(body, platforms);
  const profile = newProfile(kind, body, { id: newId(idPrefix, caller.now), now: caller.now });
  const apiKey = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: newId('key', caller.now),
    role,
    ownerId: profile.id,
    label: body.keyLabel ?? `${label}: ${profile.name}`,
    createdAt: caller.now.toISOString(),
    createdBy: caller.principal.ownerId,
    expiresAt: defaultKeyExpiry(caller.now).toISOString(),
  };
  const natural = naturalKeyOf(profile);
  const writes: TransactItem[] = [
    // The profile's key register starts with its first key (api-key-store.ts).
    profilePutFor(profile, ownerKeysAttribute(record.keyId, apiKey)),
    // Registered on its owner in this same transaction: a deactivation revokes it with the owner.
    apiKeyPut(apiKey, record, { revokedWithOwner: true }),
    ...(natural ? [naturalKeyPut(role, natural.field, natural.value, profile.id)] : []),
  ];
  const common = { actor: actorOf(caller), correlationId: caller.correlationId, now: caller.now };
  const events = [
    newEventOf(profileCreatedEvent, {
      ...common,
      subject: { kind: role, id: profile.id },
      data: { role, profile, keyId: record.keyId },
    }),
    newEventOf(apikeyIssuedEvent, {
      ...common,
      subject: { kind: 'apikey', id: record.keyId },
      data: { role, ownerId: profile.id, label: record.label, expiresAt: record.expiresAt },
    }),
  ];
  try {
    await commit(writes, events);
  } catch (error) {
    // The natural key is the last write: its condition failing means another active profile holds it.
    if (
      natural &&
      error instanceof TransactionRejected &&
      error.failedConditions.includes(writes.length - 1)
    ) {
      throw new ConflictError(`An active ${label} already has ${natural.field} ${natural.value}`, {
        field: `body.${natural.field}`,
      });
    }
    throw error;
  }
  return { profile, keyId: record.keyId, apiKey };
}
