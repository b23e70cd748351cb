import { keys } from '@wuhan/aws';
import type { DomainEvent, Profile, Role } from '@wuhan/domain';
import { LEASE_MS } from './claim-store.js';
import type {
  ClaimOutcome,
  ClaimStore,
  DeliveryMode,
  DigestEntry,
  DigestStore,
  Directory,
  MailKey,
  PreferenceStore,
} from './ports.js';
import type { ProjectFacts } from './templates/types.js';

/**
 * In-memory adapters for the use-case tests. The claim store keeps the DynamoDB adapter's semantics (the
 * condition, the lease, the token) and is atomic the way a conditional write is: JavaScript runs each call's
 * check-and-set without interleaving. The DynamoDB requests themselves are tested in claim-store.test.ts and
 * against DynamoDB Local in the integration tests.
 */
export function memoryDirectory(
  people: readonly Profile[],
  projects: readonly ProjectFacts[] = [],
): Directory {
  return {
    staff: async () => people.filter((p) => p.role === 'staff'),
    profile: async (role: Role, id: string) => people.find((p) => p.role === role && p.id === id),
    project: async (id) => projects.find((p) => p.id === id),
    nominationPartner: async () => undefined,
  };
}

interface MemoryClaim {
  state: 'sending' | 'released' | 'sent' | 'rejected' | 'skipped';
  token?: string;
  leaseUntil?: number;
  reason?: string;
}

export function memoryClaimStore() {
  const claims = new Map<string, MemoryClaim>();
  const emitted: DomainEvent[] = [];
  const id = (key: MailKey) => `${key.eventId}|${key.recipient}`;
  const holder = (key: MailKey, token: string) => claims.get(id(key))?.token === token;
  let counter = 0;
  const store: ClaimStore = {
    async claim(key, _eventType, now): Promise<ClaimOutcome> {
      const existing = claims.get(id(key));
      const free =
        !existing ||
        existing.state === 'released' ||
        (existing.state === 'sending' && (existing.leaseUntil ?? 0) < now.getTime());
      if (free) {
        const token = `token-${++counter}`;
        claims.set(id(key), { state: 'sending', token, leaseUntil: now.getTime() + LEASE_MS });
        return { kind: 'claimed', token };
      }
      return existing.state === 'sending' ? { kind: 'busy' } : { kind: 'done', state: existing.state };
    },
    async markSent(key, token) {
      if (holder(key, token)) claims.set(id(key), { state: 'sent', token });
    },
    async release(key, token) {
      if (holder(key, token)) claims.set(id(key), { state: 'released', token });
    },
    async markRejected(key, token, reason, events) {
      if (!holder(key, token)) return;
      claims.set(id(key), { state: 'rejected', token, reason });
      emitted.push(...events);
    },
    async markSkipped(key, reason, events) {
      if (claims.has(id(key))) return;
      claims.set(id(key), { state: 'skipped', reason });
      emitted.push(...events);
    },
  };
  return { store, claims, emitted };
}

export function memoryPreferences(modes: Record<string, Record<string, DeliveryMode>> = {}): PreferenceStore {
  return {
    modesOf: async (ids) => new Map(ids.filter((i) => modes[i]).map((i) => [i, modes[i] ?? {}])),
  };
}

export function memoryDigestStore() {
  const entries = new Map<string, DigestEntry>();
  const digested = new Set<string>();
  const keyOf = (e: DigestEntry) => keys.digestEntry(e.staffId, e.event.occurredAt, e.event.id);
  const store: DigestStore = {
    async add(entry, key) {
      const claim = `${key.eventId}|${key.recipient}`;
      if (digested.has(claim)) return;
      digested.add(claim);
      const { pk, sk } = keyOf(entry);
      entries.set(`${pk}|${sk}`, entry);
    },
    async pending(staffId) {
      return [...entries.values()]
        .filter((e) => e.staffId === staffId)
        .map((e) => ({ ...e, entryKey: keyOf(e) }));
    },
    async remove(keys) {
      for (const { pk, sk } of keys) entries.delete(`${pk}|${sk}`);
    },
  };
  return { store, entries };
}
