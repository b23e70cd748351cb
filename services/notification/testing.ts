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

/** `writes` counts the store's writes as DynamoDB would see them: one per claim, settle, refusal or skip call. */
export function memoryClaimStore() {
  const claims = new Map<string, MemoryClaim>();
  const emitted: DomainEvent[] = [];
  const id = (eventId: string, recipient: string) => `${eventId}|${recipient}`;
  const holder = (key: MailKey, token: string) => claims.get(id(key.eventId, key.recipient))?.token === token;
  let counter = 0;
  const counts = { writes: 0 };
  const store: ClaimStore = {
    async claim(eventId, _eventType, recipients, now) {
      counts.writes++;
      const outcomes = new Map<string, ClaimOutcome>();
      for (const recipient of recipients) {
        const existing = claims.get(id(eventId, recipient));
        const free =
          !existing ||
          existing.state === 'released' ||
          (existing.state === 'sending' && (existing.leaseUntil ?? 0) < now.getTime());
        if (free) {
          const token = `token-${++counter}`;
          claims.set(id(eventId, recipient), {
            state: 'sending',
            token,
            leaseUntil: now.getTime() + LEASE_MS,
          });
          outcomes.set(recipient, { kind: 'claimed', token });
        } else {
          outcomes.set(
            recipient,
            existing.state === 'sending' ? { kind: 'busy' } : { kind: 'done', state: existing.state },
          );
        }
      }
      return outcomes;
    },
    async settle(eventId, settlements) {
      if (settlements.length === 0) return;
      counts.writes++;
      for (const s of settlements) {
        if (!holder({ eventId, recipient: s.recipient }, s.token)) continue;
        claims.set(id(eventId, s.recipient), {
          state: s.outcome === 'sent' ? 'sent' : 'released',
          token: s.token,
        });
      }
    },
    async markRejected(key, token, reason, events) {
      counts.writes++;
      if (!holder(key, token)) return;
      claims.set(id(key.eventId, key.recipient), { state: 'rejected', token, reason });
      emitted.push(...events);
    },
    async markSkipped(key, reason, events) {
      counts.writes++;
      if (claims.has(id(key.eventId, key.recipient))) return;
      claims.set(id(key.eventId, key.recipient), { state: 'skipped', reason });
      emitted.push(...events);
    },
  };
  return { store, claims, emitted, counts };
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
