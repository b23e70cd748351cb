import { keys, listProfiles, profileFromItem } from '@wuhan/aws';
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
 * The staff list through the shared profile store; profiles, the project and nomination items by key through
 * `read`, which gathers the reads of a batch's records into shared BatchGetItem requests (batched-reads.ts).
 */
export function dynamoDirectory(read: ReadItem, clock: () => number = Date.now): Directory {
  let staff: { until: number; list: ReturnType<Directory['staff']> } | undefined;
  return {
    staff() {
      if (!staff || staff.until <= clock()) {
        const list = listProfiles('staff');
        staff = { until: clock() + STAFF_LIST_TTL_MS, list };
        // A failed read is not shared: the next record asks again.
        list.catch(() => {
          if (staff?.list === list) staff = undefined;
        });
      }
      return staff.list;
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
