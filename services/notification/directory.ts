import { keys, listProfiles, profileFromItem } from '@wuhan/aws';
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
 * every list's age.
 */
export const STAFF_LIST_REFRESH_MS = 3_000;

interface StaffList {
  /** Read at `readAt`; served until `readAt + STAFF_LIST_TTL_MS`. */
  readAt: number;
  list: Promise<Profile[]>;
}

/**
 * The staff list through the shared profile store; profiles, the project and nomination items by key through
 * `read`, which gathers the reads of a batch's records into shared BatchGetItem requests (batched-reads.ts).
 */
export function dynamoDirectory(read: ReadItem, clock: () => number = Date.now): Directory {
  let current: StaffList | undefined;
  let next: StaffList | undefined;
  const readStaff = (): StaffList => {
    const entry = { readAt: clock(), list: listProfiles('staff') };
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
      const profile = profileFromItem(item);
      // As getProfile: an item under a role's key that holds another role is a fault, not a recipient.
      if (profile.role !== role) throw new Error(`Profile ${profile.id} is a ${profile.role}, not a ${role}`);
      return profile;
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
