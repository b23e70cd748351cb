import {
  type ApiKeyRecord,
  apiKeyRevokeUpdate,
  commit,
  getApiKeyAt,
  getProfile,
  isLostRace,
  naturalKeyDelete,
  naturalKeyOf,
  ownerApiKeys,
  profileDeactivate,
  registeredOwnerKeys,
} from '@wuhan/aws';
import { type ManagedRole, type ProfileKind, profileKinds } from '@wuhan/contract';
import {
  actorOf,
  type Caller,
  ConflictError,
  isActive,
  NotFoundError,
  newEventOf,
  type ProfileOf,
  profileDeactivatedEvent,
} from '@wuhan/domain';

/** A transaction holds 100 items: the profile, its natural key and the event's two rows leave 96 for keys. */
export const MAX_KEYS_PER_DEACTIVATION = 96;
const ATTEMPTS = 3;

export interface Deactivated {
  profile: ProfileOf<ManagedRole>;
  revokedKeyIds: string[];
}

/**
 * Deactivates a profile and revokes every unrevoked API key it owns, in one transaction with the
 * `profile.deactivated` event: the person can no longer call the API from the next request on, no longer gets
 * email or assignments (the profile leaves the active listings), and their natural key (platformId, credit
 * code) is freed. Deactivating an inactive profile changes nothing and answers as the first time did.
 * A key revoked or a deactivation made concurrently fails a condition; the next attempt starts from the new state.
 * "Every key" is exact (issue 13, so the authorizer reads the key alone): the owner's key listing is an eventually
 * consistent index, so the keys its register names (api-key-store.ts, read strongly consistent) are added, and the
 * transaction holds only if the register did not grow meanwhile; a key issued after it is refused.
 */
export async function deactivateProfile(
  kind: ProfileKind,
  id: string,
  reason: string,
  caller: Caller,
): Promise<Deactivated> {
  const { role, label } = profileKinds[kind];
  for (let attempt = 1; ; attempt++) {
    const current = await getProfile(role, id, { consistent: true });
    if (!current) throw new NotFoundError(`No ${label} ${id}`);
    if (!isActive(current)) return { profile: current, revokedKeyIds: [] };
    const { live, registered } = await ownerKeys(role, id);
    if (live.length > MAX_KEYS_PER_DEACTIVATION) {
      throw new ConflictError(
        `${label} ${id} has ${live.length} live API keys, more than one deactivation can revoke ` +
          `(${MAX_KEYS_PER_DEACTIVATION}); revoke some with DELETE /v1/keys/{keyId} first`,
      );
    }
    const at = caller.now.toISOString();
    const version = (current.version ?? 0) + 1;
    const revokedKeyIds = live.map((k) => k.record.keyId);
    const natural = naturalKeyOf(current);
    const event = newEventOf(profileDeactivatedEvent, {
      actor: actorOf(caller),
      subject: { kind: role, id },
      data: { role, reason, revokedKeyIds },
      correlationId: caller.correlationId,
      now: caller.now,
    });
    try {
      await commit(
        [
          profileDeactivate(role, id, {
            at,
            by: caller.principal.ownerId,
            reason,
            version,
            keysRegistered: registered,
          }),
          ...live.map((k) => apiKeyRevokeUpdate(k.key, caller.principal.ownerId, caller.now)),
          ...(natural ? [naturalKeyDelete(role, natural.field, natural.value, id)] : []),
        ],
        [event],
      );
      const profile: ProfileOf<ManagedRole> = {
        ...current,
        active: false,
        deactivatedAt: at,
        deactivatedBy: caller.principal.ownerId,
        deactivationReason: reason,
        updatedAt: at,
        version,
      };
      return { profile, revokedKeyIds };
    } catch (error) {
      // A lost race: a condition (the register grew, a key changed) or a transaction conflict (a key issued on
      // this owner at the same moment writes its register on the same profile item) — read again and retry.
      if (!isLostRace(error)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new ConflictError(
          `${label} ${id} or its keys changed concurrently; try again`,
          {},
          { cause: error },
        );
      }
    }
  }
}

/**
 * The owner's unrevoked keys: those its listing shows, and those its register names that the listing does not
 * show yet (read one by one, strongly consistent: rare, only while the index lags behind a new key).
 */
async function ownerKeys(
  role: ManagedRole,
  id: string,
): Promise<{ live: { key: { pk: string; sk: string }; record: ApiKeyRecord }[]; registered: number }> {
  const [listed, register] = await Promise.all([ownerApiKeys(role, id), registeredOwnerKeys(role, id)]);
  const shown = new Set(listed.map((k) => k.record.keyId));
  const lagging = await Promise.all(
    register
      .filter((entry) => !shown.has(entry.keyId))
      .map(async (entry) => ({ key: entry.key, record: await getApiKeyAt(entry.key) })),
  );
  // A key item that is not there authenticates nobody: nothing to revoke (keys are never deleted, so only a
  // table edited by hand gets here).
  const found = lagging.flatMap((k) => (k.record ? [{ key: k.key, record: k.record }] : []));
  const live = [...listed, ...found].filter((k) => !k.record.revokedAt);
  return { live, registered: register.length };
}
