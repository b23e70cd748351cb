import { DeleteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { commit, keys, TransactionRejected } from '@wuhan/aws';
import { CLAIM_TTL_SECONDS } from './claim-store.js';
import type { DigestEntry, DigestStore } from './ports.js';

/** An entry not sent within a month (no digest ran: a broken schedule) expires rather than piling up. */
const ENTRY_TTL_SECONDS = 30 * 24 * 3600;

export function dynamoDigestStore(client: DynamoDBDocumentClient, tableName: string): DigestStore {
  return {
    async add(entry, key) {
      const now = new Date();
      try {
        await commit([
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.mailClaim(key.eventId, key.recipient),
                entity: 'mail-claim',
                state: 'digested',
                at: now.toISOString(),
                expiresAt: Math.floor(now.getTime() / 1000) + CLAIM_TTL_SECONDS,
              },
              // As a claim: nobody handled this email yet (or a transient failure gave it up).
              ConditionExpression: 'attribute_not_exists(pk) OR #state = :released',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':released': 'released' },
            },
          },
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
      const out: Awaited<ReturnType<DigestStore['pending']>> = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          out.push({
            staffId: item.staffId as string,
            event: item.event as DigestEntry['event'],
            project: item.project as DigestEntry['project'],
            template: item.template as string,
            entryKey: { pk: item.pk as string, sk: item.sk as string },
          });
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },

    async remove(entryKeys) {
      // One DeleteItem each: the digest function is granted DeleteItem, not BatchWriteItem (least privilege).
      await Promise.all(
        entryKeys.map((Key) => client.send(new DeleteCommand({ TableName: tableName, Key }))),
      );
    },
  };
}
