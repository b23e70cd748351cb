import {
  type ApiKeyRecord,
  apiKeyPut,
  apiKeyRevokeUpdate,
  apiKeyRotateUpdate,
  commit,
  findApiKey,
  getProfile,
  listApiKeys,
  ownerKeyRegistered,
  TransactionRejected,
} from '@wuhan/aws';
import type { RotateKeyBody } from '@wuhan/contract';
import {
  type ApiKeyScope,
  actorOf,
  apikeyIssuedEvent,
  apikeyRevokedEvent,
  apikeyRotatedEvent,
  type Caller,
  ConflictError,
  defaultKeyExpiry,
  defaultRotationOverlapEnd,
  ForbiddenError,
  generateApiKey,
  InvalidInputError,
  isActive,
  type KeyAction,
  keyManagementRefusal,
  keyState,
  NotFoundError,
  newEventOf,
  newId,
  type Role,
} from '@wuhan/domain';

/** Refuses, with 403, what `keyManagementRefusal` says this caller may not do to a key of `target`. */
function authorize(caller: Caller, action: KeyAction, target: { role: Role; ownerId: string }): void {
  const refusal = keyManagementRefusal(caller.principal, action, target);
  if (refusal) throw new ForbiddenError(refusal);
}

/**
 * Issues a key for an existing profile of that role; the plain key is returned once and never stored. A staff
 * key needs an administrator; only a staff key can carry the admin scope. Expires a year from now.
 */
export async function issueKey(
  input: { role: Role; ownerId: string; label: string; scopes?: ApiKeyScope[] | undefined },
  caller: Caller,
): Promise<ApiKeyRecord & { key: string }> {
  authorize(caller, 'issue', input);
  const scopes = [...new Set(input.scopes ?? [])];
  if (scopes.length > 0 && input.role !== 'staff')
    throw new InvalidInputError('Only staff keys carry scopes', 'body.scopes');
  const owner = await getProfile(input.role, input.ownerId);
  if (!owner) throw new InvalidInputError(`No ${input.role} with id ${input.ownerId}`, 'body.ownerId');
  // A deactivated profile gets no new keys (the authorizer would refuse them anyway).
  if (!isActive(owner))
    throw new InvalidInputError(`${input.role} ${input.ownerId} is deactivated`, 'body.ownerId');
  const key = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: newId('key', caller.now),
    role: input.role,
    ownerId: input.ownerId,
    label: input.label,
    createdAt: caller.now.toISOString(),
    createdBy: caller.principal.ownerId,
    expiresAt: defaultKeyExpiry(caller.now).toISOString(),
    ...(scopes.length ? { scopes } : {}),
  };
  const register = registerOnOwner(record, key);
  // Registered on its owner here (or a staff key, whose owner cannot be deactivated): see REVOKED_WITH_OWNER.
  const writes = [apiKeyPut(key, record, { revokedWithOwner: true }), ...(register ? [register] : [])];
  try {
    await commit(writes, [issuedEvent(record, caller)]);
  } catch (error) {
    if (register && error instanceof TransactionRejected && error.failedConditions.includes(1)) {
      throw new InvalidInputError(`${input.role} ${input.ownerId} is deactivated`, 'body.ownerId');
    }
    throw error;
  }
  return { ...record, key };
}

/**
 * The owner's register takes a new key only while the owner is active (api-key-store.ts), so a deactivation
 * revokes every key. Staff have no deactivation (their profiles are written only by the bootstrap and
 * preferences, test/unit/infra/table-keys.test.ts), so a staff key stands or falls by its own revocation.
 */
function registerOnOwner(record: ApiKeyRecord, plainKey: string) {
  return record.role === 'staff'
    ? undefined
    : ownerKeyRegistered(record.role, record.ownerId, record.keyId, plainKey);
}

function issuedEvent(record: ApiKeyRecord, caller: Caller) {
  return newEventOf(apikeyIssuedEvent, {
    actor: actorOf(caller),
    subject: { kind: 'apikey', id: record.keyId },
    data: {
      role: record.role,
      ownerId: record.ownerId,
      label: record.label,
      expiresAt: record.expiresAt,
      ...(record.scopes ? { scopes: record.scopes } : {}),
      ...(record.rotatedFrom ? { rotatedFrom: record.rotatedFrom } : {}),
    },
    correlationId: caller.correlationId,
    now: caller.now,
  });
}

export async function revokeKey(keyId: string, caller: Caller): Promise<ApiKeyRecord> {
  const found = await findApiKey(keyId);
  if (!found) throw new NotFoundError(`No API key ${keyId}`);
  authorize(caller, 'revoke', found.record);
  if (found.record.revokedAt) return found.record;
  const event = newEventOf(apikeyRevokedEvent, {
    actor: actorOf(caller),
    subject: { kind: 'apikey', id: keyId },
    data: { role: found.record.role, ownerId: found.record.ownerId },
    correlationId: caller.correlationId,
    now: caller.now,
  });
  await commit([apiKeyRevokeUpdate(found.key, caller.principal.ownerId, caller.now)], [event]);
  return { ...found.record, revokedAt: caller.now.toISOString(), revokedBy: caller.principal.ownerId };
}

/**
 * A new key for the same role, owner and scopes, while the old one keeps working until `oldKeyExpiresAt` (default
 * a week, never later than it would have expired anyway): the owner deploys the new key, then the old one lapses
 * by itself. One transaction: the new key, the old key's shorter expiry and link, `apikey.issued` for the new
 * key and `apikey.rotated` in the old key's history. A revoked, expired or already rotated key is a 409.
 */
export async function rotateKey(
  keyId: string,
  input: RotateKeyBody,
  caller: Caller,
): Promise<ApiKeyRecord & { key: string; oldKeyExpiresAt: string }> {
  const found = await findApiKey(keyId);
  if (!found) throw new NotFoundError(`No API key ${keyId}`);
  const old = found.record;
  authorize(caller, 'rotate', old);
  const state = keyState(old, caller.now);
  if (state !== 'active') throw new ConflictError(`API key ${keyId} is ${state}; issue a new key instead`);
  if (old.rotatedTo) throw new ConflictError(`API key ${keyId} was already rotated to ${old.rotatedTo}`);
  const oldKeyExpiresAt = overlapEnd(input.oldKeyExpiresAt, old.expiresAt, caller.now);
  const key = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: newId('key', caller.now),
    role: old.role,
    ownerId: old.ownerId,
    label: input.label ?? old.label,
    createdAt: caller.now.toISOString(),
    createdBy: caller.principal.ownerId,
    expiresAt: defaultKeyExpiry(caller.now).toISOString(),
    ...(old.scopes?.length ? { scopes: old.scopes } : {}),
    rotatedFrom: keyId,
  };
  const rotated = newEventOf(apikeyRotatedEvent, {
    actor: actorOf(caller),
    subject: { kind: 'apikey', id: keyId },
    data: { role: old.role, ownerId: old.ownerId, newKeyId: record.keyId, oldKeyExpiresAt },
    correlationId: caller.correlationId,
    now: caller.now,
  });
  const register = registerOnOwner(record, key);
  try {
    await commit(
      [
        apiKeyRotateUpdate(found.key, { newKeyId: record.keyId, expiresAt: oldKeyExpiresAt }, caller.now),
        apiKeyPut(key, record, { revokedWithOwner: true }),
        ...(register ? [register] : []),
      ],
      [rotated, issuedEvent(record, caller)],
    );
  } catch (error) {
    // The old key's condition: between the read and the write it was rotated, revoked or expired.
    if (error instanceof TransactionRejected && error.failedConditions.includes(0)) {
      throw new ConflictError(`API key ${keyId} was rotated, revoked or expired at the same moment`);
    }
    // The owner's register refused the new key: the owner was deactivated (which revokes the old key too).
    if (register && error instanceof TransactionRejected && error.failedConditions.includes(2)) {
      throw new ConflictError(`The owner of API key ${keyId} is deactivated; its keys are revoked`);
    }
    throw error;
  }
  return { ...record, key, oldKeyExpiresAt };
}

/** When the old key stops: the date given (in the future, not after its expiry), else a week on or its expiry. */
function overlapEnd(given: string | undefined, currentExpiry: string, now: Date): string {
  const current = Date.parse(currentExpiry);
  if (given === undefined) {
    return new Date(Math.min(defaultRotationOverlapEnd(now).getTime(), current)).toISOString();
  }
  const at = Date.parse(given);
  if (at <= now.getTime()) {
    throw new InvalidInputError(
      'oldKeyExpiresAt must be in the future (revoke the key to stop it now)',
      'body.oldKeyExpiresAt',
    );
  }
  if (at > current) {
    throw new InvalidInputError(
      `oldKeyExpiresAt must not be after the key's current expiry ${currentExpiry}`,
      'body.oldKeyExpiresAt',
    );
  }
  // Stored in one format (UTC, milliseconds) so the table's string comparisons order it correctly.
  return new Date(at).toISOString();
}

export { listApiKeys as listKeys };
