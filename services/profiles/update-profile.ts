import { commit, getProfile, profileUpdate, TransactionRejected } from '@wuhan/aws';
import type { UpdateBody } from '@wuhan/contract';
import { type ManagedRole, type ProfileKind, profileKinds } from '@wuhan/contract';
import {
  actorOf,
  type Caller,
  ConflictError,
  isActive,
  NotFoundError,
  newEventOf,
  type ProfileOf,
  profileUpdatedEvent,
} from '@wuhan/domain';
import { changedProfile } from './build-profile.js';

/** Attempts before a change that keeps losing to concurrent ones is refused (409) rather than retried forever. */
const ATTEMPTS = 3;

/**
 * Changes some fields of a profile. The change is computed from the stored version and written on the
 * condition that no other change came first; if one did, it is recomputed from the new state. The event
 * records each changed field's value before and after (the audit history). Changing nothing writes nothing.
 */
export async function updateProfile<K extends ProfileKind>(
  kind: K,
  id: string,
  patch: UpdateBody<K>,
  caller: Caller,
): Promise<ProfileOf<ManagedRole>> {
  const { role, label } = profileKinds[kind];
  for (let attempt = 1; ; attempt++) {
    const current = await getProfile(role, id, { consistent: true });
    if (!current) throw new NotFoundError(`No ${label} ${id}`);
    if (!isActive(current)) throw new ConflictError(`${label} ${id} is deactivated and can no longer change`);
    const { next, changed } = changedProfile(kind, current, patch, caller.now);
    if (changed.length === 0) return current;
    const before: Record<string, unknown> = { ...current };
    const after: Record<string, unknown> = { ...next };
    const changes = Object.fromEntries(
      changed.map((k) => [k, { from: before[k] ?? null, to: after[k] ?? null }]),
    );
    const event = newEventOf(profileUpdatedEvent, {
      actor: actorOf(caller),
      subject: { kind: role, id },
      data: { role, changes },
      correlationId: caller.correlationId,
      now: caller.now,
    });
    try {
      await commit([profileUpdate(next, changed, current.version ?? 0)], [event]);
      return next;
    } catch (error) {
      if (!(error instanceof TransactionRejected && error.onlyConditions)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new ConflictError(
          `${label} ${id} changed concurrently ${ATTEMPTS} times; read it and try again`,
        );
      }
    }
  }
}
