import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { getProfile, keys, listProfiles } from '@wuhan/aws';
import type { Directory } from './ports.js';
import type { ProjectFacts } from './templates/types.js';

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * How long the staff list read for one record serves the others: the records of a batch run at once and nearly
 * all email every staff member, so they share one Query instead of one each (issue 13). The price: a staff
 * member added is emailed about events handled from at most this long after.
 */
export const STAFF_LIST_TTL_MS = 5_000;

/** Profiles through the shared profile store; the project and nomination items read directly by key. */
export function dynamoDirectory(
  client: DynamoDBDocumentClient,
  tableName: string,
  clock: () => number = Date.now,
): Directory {
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
    profile: (role, id) => getProfile(role, id),
    async project(id) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: keys.project(id) }));
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
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.nomination(nominationId) }),
      );
      return Item?.submitterRole === 'partner' ? text(Item.submittedBy) : undefined;
    },
  };
}
