import { keys, listProfiles, ofRole, profileFromItem } from '@wuhan/aws';
import type { Profile } from '@wuhan/domain';
import type { ReadItem } from './batched-reads.js';
import type { Directory } from './ports.js';
import type { ProjectFacts } from './templates/types.js';

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * How long the staff list read for one record serves the others: the records of a batch run at once and nearly
 * all email every staff member, so they share one Query instead of one each (issue 13). The price: a staff
 * member added is emailed about events handled from at most this long after.
 */
export const STAFF_LIST_TTL_MS = 5_000;
/**
 * From this age on, a record still gets the current list (younger than the TTL) and the next one is read beside
 * its work, so that under steady traffic no record waits for the listing and its profiles (two round trips in
 * front of the preferences: the slowest record of every fifth second or so, issue 13). The TTL still bounds
 * every list's age. The price: under steady traffic the listing is read every ~3 s rather than every 5 s.
 */
export const STAFF_LIST_REFRESH_MS = 3_000;

interface StaffList {
  /** Read at `readAt`; served until `readAt + STAFF_LIST_TTL_MS`. */
  readAt: number;
  list: Promise<Profile[]>;
}

export interface SettlingDirectory extends Directory {
  /**
   * Resolves once no staff list read this directory started is in flight (whatever its outcome). The handler
   * awaits it before it returns: Lambda freezes the process once the handler has returned, so a refresh read
   * beside a batch's last record would otherwise stop mid-request and resume at the next thaw, on a connection
   * that may have died meanwhile.
   */
  settled(): Promise<void>;
}

/**
 * The staff list through the shared profile store; profiles, the project and nomination items by key through
 * `read`, which gathers the reads of a batch's records into shared BatchGetItem requests (batched-reads.ts).
 */
export function dynamoDirectory(read: ReadItem, clock: () => number = Date.now): SettlingDirectory {
  let current: StaffList | undefined;
  let next: StaffList | undefined;
  const inFlight = new Set<Promise<unknown>>();
  const readStaff = (): StaffList => {
    const entry = { readAt: clock(), list: listProfiles('staff') };
    const settled = entry.list.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    // A failed read is not shared: the next record asks again.
    entry.list.then(
      () => {
        // A refresh that succeeded replaces the list it was read to replace.
        if (next === entry) {
          current = entry;
          next = undefined;
        }
      },
      () => {
        if (current === entry) current = undefined;
        if (next === entry) next = undefined;
      },
    );
    return entry;
  };
  const fresh = (entry: StaffList | undefined, now: number): entry is StaffList =>
    entry !== undefined && now < entry.readAt + STAFF_LIST_TTL_MS;
  return {
    async settled() {
      // A read may start while another is awaited (the records of a concurrent invocation): until none is left.
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    staff() {
      const now = clock();
      if (!fresh(current, now)) {
        // Expired (or never read): wait for a refresh already under way, else read now.
        current = fresh(next, now) ? next : readStaff();
        next = undefined;
        return current.list;
      }
      if (!next && now >= current.readAt + STAFF_LIST_REFRESH_MS) next = readStaff();
      return current.list;
    },
    async profile(role, id) {
      const item = await read(keys.principal(role, id));
      if (!item) return undefined;
      // As getProfile: an item under a role's key that holds another role is a fault, not a recipient.
      return ofRole(role, profileFromItem(item));
    },
    async project(id) {
      const Item = await read(keys.project(id));
      if (!Item) return undefined;
      const facts: ProjectFacts = { id };
      for (const name of [
        'title',
        'district',
        'techField',
        'stage',
        'leadOrganization',
        'commissionerId',
      ] as const) {
        const value = text(Item[name]);
        if (value) facts[name] = value;
      }
      return facts;
    },
    async nominationPartner(nominationId) {
      const Item = await read(keys.nomination(nominationId));
      return Item?.submitterRole === 'partner' ? text(Item.submittedBy) : undefined;
    },
  };
}
