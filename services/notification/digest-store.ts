import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { commit, keys, queryAll, TransactionRejected } from '@wuhan/aws';
import { type DomainEvent, domainEventSchema, type EventEnvelope } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { digestedClaim } from './claim-store.js';
import type { DigestStore } from './ports.js';

/** A digest entry as stored, checked when read back. */
const storedEntry = z.object({
  pk: z.string(),
  sk: z.string(),
  staffId: z.string(),
  event: z.pipe(
    domainEventSchema,
    z.transform((event: EventEnvelope) => event as DomainEvent),
  ),
  project: z.optional(
    z.object({
      id: z.string(),
      title: z.optional(z.string()),
      district: z.optional(z.string()),
      techField: z.optional(z.string()),
      stage: z.optional(z.string()),
      leadOrganization: z.optional(z.string()),
      nominationId: z.optional(z.string()),
      partnerId: z.optional(z.string()),
      commissionerId: z.optional(z.string()),
    }),
  ),
  template: z.string(),
});

/** An entry not sent within a month (no digest ran: a broken schedule) expires rather than piling up. */
const ENTRY_TTL_SECONDS = 30 * 24 * 3600;

export function dynamoDigestStore(client: DynamoDBDocumentClient, tableName: string): DigestStore {
  return {
    async add(entry, key) {
      const now = new Date();
      try {
        await commit([
          // As a claim: nobody handled this email yet (or a transient failure gave it up).
          digestedClaim(tableName, key, now),
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.digestEntry(entry.staffId, entry.event.occurredAt, entry.event.id),
                entity: 'digest-entry',
                ...entry,
                expiresAt: Math.floor(now.getTime() / 1000) + ENTRY_TTL_SECONDS,
              },
            },
          },
        ]);
      } catch (error) {
        if (error instanceof TransactionRejected && error.onlyConditions) return;
        throw error;
      }
    },

    async pending(staffId) {
      const { pk, skPrefix } = keys.digestEntries(staffId);
      const items = await queryAll(
        {
          partitionAttribute: 'pk',
          partitionValue: pk,
          sortPrefix: { attribute: 'sk', value: skPrefix },
          consistentRead: true,
        },
        { client, tableName },
      );
      return items.map((item) => {
        const { pk: entryPk, sk: entrySk, project, ...entry } = storedEntry.parse(item);
        return { ...entry, project, entryKey: { pk: entryPk, sk: entrySk } };
      });
    },

    async remove(entryKeys) {
      // One DeleteItem each: the digest function is granted DeleteItem, not BatchWriteItem (least privilege).
      await Promise.all(
        entryKeys.map((Key) => client.send(new DeleteCommand({ TableName: tableName, Key }))),
      );
    },
  };
}
