import {
  apiKeyRevokeUpdate,
  commit,
  getProfile,
  naturalKeyDelete,
  naturalKeyOf,
  ownerApiKeys,
  profileDeactivate,
  TransactionRejected,
} from '@wuhan/aws';
import { type ManagedRole, type ProfileKind, profileKinds } from '@wuhan/contract';
import {
  actorOf,
  type Caller,
  ConflictError,
  isActive,
  NotFoundError,
  newEvent,
  type ProfileOf,
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
    const live = (await ownerApiKeys(role, id)).filter((k) => !k.record.revokedAt);
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
    const event = newEvent({
      type: 'profile.deactivated',
      actor: actorOf(caller),
      subject: { kind: role, id },
      data: { role, reason, revokedKeyIds },
      correlationId: caller.correlationId,
      now: caller.now,
    });
    try {
      await commit(
        [
          profileDeactivate(role, id, { at, by: caller.principal.ownerId, reason, version }),
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
      if (!(error instanceof TransactionRejected && error.onlyConditions)) throw error;
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
