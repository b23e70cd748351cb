import {
  type ApiKeyRecord,
  apiKeyPut,
  apiKeyRevokeUpdate,
  commit,
  findApiKey,
  getProfile,
  listApiKeys,
} from '@wuhan/aws';
import {
  generateApiKey,
  InvalidInputError,
  isActive,
  NotFoundError,
  newEvent,
  newId,
  type Principal,
  type Role,
} from '@wuhan/domain';

interface Caller {
  principal: Principal;
  correlationId: string;
  now: Date;
}

/** Issues a key for an existing profile of that role; the plain key is returned once and never stored. */
export async function issueKey(
  input: { role: Role; ownerId: string; label: string },
  caller: Caller,
): Promise<ApiKeyRecord & { key: string }> {
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
  };
  const event = newEvent({
    type: 'apikey.issued',
    actor: { role: caller.principal.role, id: caller.principal.ownerId },
    subject: { kind: 'apikey', id: record.keyId },
    data: { role: record.role, ownerId: record.ownerId, label: record.label },
    correlationId: caller.correlationId,
    now: caller.now,
  });
  await commit([apiKeyPut(key, record)], [event]);
  return { ...record, key };
}

export async function revokeKey(keyId: string, caller: Caller): Promise<ApiKeyRecord> {
  const found = await findApiKey(keyId);
  if (!found) throw new NotFoundError(`No API key ${keyId}`);
  if (found.record.revokedAt) return found.record;
  const event = newEvent({
    type: 'apikey.revoked',
    actor: { role: caller.principal.role, id: caller.principal.ownerId },
    subject: { kind: 'apikey', id: keyId },
    data: { role: found.record.role, ownerId: found.record.ownerId },
    correlationId: caller.correlationId,
    now: caller.now,
  });
  await commit([apiKeyRevokeUpdate(found.key, caller.principal.ownerId, caller.now)], [event]);
  return { ...found.record, revokedAt: caller.now.toISOString(), revokedBy: caller.principal.ownerId };
}

export { listApiKeys as listKeys };
