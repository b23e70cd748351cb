import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '@wuhan/domain/zod';
import { keys } from './keys.js';
import { type HydrateOptions, hydrate } from './query.js';

/**
 * Staff notification preferences (immediate email or the daily digest, per event type): written by the
 * preferences API, read by the notification and digest functions. Shared, so neither service imports the other.
 */
export type DeliveryMode = 'immediate' | 'digest';

/** Staff choose per event type; what is not chosen is `immediate` (the documented default). */
export interface PreferenceStore {
  modesOf(staffIds: readonly string[]): Promise<Map<string, Readonly<Record<string, DeliveryMode>>>>;
}

const storedPreferences = z.object({
  staffId: z.string(),
  modes: z._default(z.record(z.string(), z.enum(['immediate', 'digest'])), {}),
});

export type Modes = Readonly<Record<string, DeliveryMode>>;

/** The preferences item for one staff member (pure: the local seed and the tests write it too). */
export function preferencesItem(staffId: string, modes: Modes, now: Date): Record<string, unknown> {
  return {
    ...keys.notificationPreferences(staffId),
    entity: 'notification-preferences',
    staffId,
    modes,
    updatedAt: now.toISOString(),
  };
}

export async function savePreferences(
  client: DynamoDBDocumentClient,
  tableName: string,
  staffId: string,
  modes: Modes,
  now: Date = new Date(),
): Promise<void> {
  await client.send(new PutCommand({ TableName: tableName, Item: preferencesItem(staffId, modes, now) }));
}

/** A stored preferences item read back (parsed). */
export function preferencesFromItem(item: Record<string, unknown>): { staffId: string; modes: Modes } {
  return storedPreferences.parse(item);
}

/**
 * Reads items by key. An item missing from the answer does not exist; a key it could not read must fail the
 * read, never be left out (that would be read as "nothing chosen" and email someone who chose the digest).
 */
export type ReadItems = (keys: { pk: string; sk: string }[]) => Promise<Record<string, unknown>[]>;

/**
 * The one preference store, over any item reader: the preferences API reads through `hydrate`
 * (`dynamoPreferenceStore`), the notification consumer through its batched reads, which share one BatchGetItem
 * among a batch's records (services/notification/batched-reads.ts). A staff member without an item has chosen
 * nothing (everything `immediate`).
 */
export function preferenceStoreReading(readItems: ReadItems): PreferenceStore {
  return {
    async modesOf(staffIds) {
      const unique = [...new Set(staffIds)];
      if (unique.length === 0) return new Map();
      const items = await readItems(unique.map((id) => keys.notificationPreferences(id)));
      return new Map(
        items.map((item) => {
          const { staffId, modes } = preferencesFromItem(item);
          return [staffId, modes] as const;
        }),
      );
    },
  };
}

/**
 * Every listed staff member's preferences through `hydrate` (query.ts): BatchGetItem requests of at most 100
 * keys, keys left unprocessed asked again with jittered backoff, and a key still unprocessed after every attempt
 * fails the read rather than being dropped.
 */
export function dynamoPreferenceStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: Pick<HydrateOptions, 'sleep'> = {},
): PreferenceStore {
  return preferenceStoreReading((itemKeys) => hydrate(itemKeys, { client, tableName, ...options }));
}
