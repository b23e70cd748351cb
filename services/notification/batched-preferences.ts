import { preferenceStoreReading } from '@wuhan/aws';
import type { ReadItem } from './batched-reads.js';
import type { PreferenceStore } from './ports.js';

/**
 * The shared preference store (packages/aws/src/preference-store.ts), its items read through `read`
 * (batched-reads.ts): the records of a batch ask for the same staff members at the same moment, and with their
 * recipients' profiles that is one BatchGetItem for the whole batch instead of one per record (issue 13). A key
 * left unprocessed fails its read there, so it fails the record rather than pass for "nothing chosen".
 */
export function batchedPreferenceStore(read: ReadItem): PreferenceStore {
  return preferenceStoreReading(async (itemKeys) =>
    (await Promise.all(itemKeys.map(read))).flatMap((item) => (item ? [item] : [])),
  );
}
