import { keys, preferencesFromItem } from '@wuhan/aws';
import type { ReadItem } from './batched-reads.js';
import type { PreferenceStore } from './ports.js';

/**
 * The staff's delivery preferences, each item read through `read` (batched-reads.ts): the records of a batch ask
 * for the same staff members at the same moment, and with their recipients' profiles that is one BatchGetItem
 * for the whole batch instead of one per record (issue 13). Same items, same reads as the shared
 * dynamoPreferenceStore: a staff member without an item has chosen nothing (everything `immediate`).
 */
export function batchedPreferenceStore(read: ReadItem): PreferenceStore {
  return {
    async modesOf(staffIds) {
      const items = await Promise.all(
        [...new Set(staffIds)].map((id) => read(keys.notificationPreferences(id))),
      );
      return new Map(
        items.flatMap((item) => {
          if (!item) return [];
          const { staffId, modes } = preferencesFromItem(item);
          return [[staffId, modes] as const];
        }),
      );
    },
  };
}
