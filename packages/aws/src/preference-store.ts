import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '@wuhan/domain/zod';
import { keys } from './keys.js';

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

/** A stored preferences item read back (parsed): for readers that fetch the item themselves (notification). */
export function preferencesFromItem(item: Record<string, unknown>): { staffId: string; modes: Modes } {
  return storedPreferences.parse(item);
}

/** Reads every listed staff member's preferences in BatchGetItem calls of at most 100 keys. */
export function dynamoPreferenceStore(client: DynamoDBDocumentClient, tableName: string): PreferenceStore {
  return {
    async modesOf(staffIds) {
      const found = new Map<string, Modes>();
      const unique = [...new Set(staffIds)];
      for (let i = 0; i < unique.length; i += 100) {
        let request: Record<string, { pk: string; sk: string }[]> | undefined = {
          [tableName]: unique.slice(i, i + 100).map((id) => keys.notificationPreferences(id)),
        };
        // BatchGetItem may return some keys unprocessed under load; ask again for those.
        for (let attempt = 0; request && attempt < 5; attempt++) {
          const out = await client.send(
            new BatchGetCommand({
              RequestItems: Object.fromEntries(Object.entries(request).map(([t, k]) => [t, { Keys: k }])),
            }),
          );
          for (const item of out.Responses?.[tableName] ?? []) {
            const stored = storedPreferences.parse(item);
            found.set(stored.staffId, stored.modes);
          }
          const rest = out.UnprocessedKeys?.[tableName]?.Keys as { pk: string; sk: string }[] | undefined;
          request = rest && rest.length > 0 ? { [tableName]: rest } : undefined;
        }
      }
      return found;
    },
  };
}
