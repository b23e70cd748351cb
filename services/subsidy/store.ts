import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config, documentClient, keys, type ListingQuery, queryAll } from '@wuhan/aws';
import * as z from '@wuhan/domain/zod';
import { type ClaimRecord, type ClaimStatus, recordOfItem } from './record.js';
import { parseStored } from './stored.js';

/** Reads of subsidy's own items. Reads that decide a write are strongly consistent (the table, never a GSI). */

export async function readClaim(claimId: string): Promise<ClaimRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: keys.subsidyClaim(claimId), ConsistentRead: true }),
  );
  return Item ? recordOfItem(Item) : undefined;
}

const capItemSchema = z.object({
  capKey: z.string(),
  clause: z.string(),
  limitFen: z.number().check(z.int()),
  usedFen: z.number().check(z.int()),
  year: z.optional(z.number().check(z.int())),
  managerId: z.optional(z.string()),
});
export type CapItem = z.infer<typeof capItemSchema>;

/** One cap's usage as stored, or undefined when no claim has reserved against it yet (used 0). */
export async function readCap(capKey: string): Promise<CapItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: keys.subsidyCap(capKey), ConsistentRead: true }),
  );
  return Item ? parseStored(capItemSchema, Item, 'subsidy cap') : undefined;
}

/** The reserved fen of each cap key, read strongly consistent: the values the reservation is conditioned on. */
export async function capsUsed(capKeys: readonly string[]): Promise<Record<string, number>> {
  const entries = await Promise.all(capKeys.map(async (key) => [key, (await readCap(key))?.usedFen ?? 0]));
  return Object.fromEntries(entries);
}

/** Every cap of one fund manager that a claim touched (its gsi1 listing). */
export async function capsOfManager(managerId: string): Promise<CapItem[]> {
  const items = await queryAll({
    indexName: 'gsi1',
    partitionAttribute: 'gsi1pk',
    partitionValue: keys.subsidyCapsOfManager(managerId),
  });
  return items.map((item) => parseStored(capItemSchema, item, 'subsidy cap'));
}

/**
 * How many equity-investment-reward claims of this manager for this enterprise hold a reward (computed or
 * approved with an award > 0), other than this claim: "first investment only" is enforced from the system's own
 * record. A claim computed at 0 (the annual cap used up) paid nothing, so it does not bar a later first reward
 * (consistent with withReservedReward, which reads the enterprise cap's usage).
 */
export async function earlierRewardClaims(
  managerId: string,
  creditCode: string,
  claimId: string,
): Promise<number> {
  const items = await queryAll({
    indexName: 'gsi3',
    partitionAttribute: 'gsi3pk',
    partitionValue: keys.subsidyClaimsOfManagerForEnterprise(managerId, creditCode),
  });
  const holding: ReadonlySet<ClaimStatus> = new Set(['computed', 'approved']);
  return items
    .map(recordOfItem)
    .filter(
      (c) =>
        c.claimId !== claimId &&
        c.subsidyType === 'equity_investment_reward' &&
        holding.has(c.status) &&
        (c.assessment?.awardFen ?? 0) > 0,
    ).length;
}

export interface ClaimFilter {
  status?: ClaimStatus | undefined;
  subsidyType?: string | undefined;
}

/** Staff: every claim; a fund manager: the claims for itself. Newest first, filtered by status and type. */
export function claimsListing(managerId: string | undefined, filter: ClaimFilter): ListingQuery {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.status) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.subsidyType) {
    conditions.push('subsidyType = :subsidyType');
    values[':subsidyType'] = filter.subsidyType;
  }
  const partition = managerId
    ? { indexName: 'gsi1', partitionAttribute: 'gsi1pk', sortAttribute: 'gsi1sk' }
    : { indexName: 'gsi2', partitionAttribute: 'gsi2pk', sortAttribute: 'gsi2sk' };
  return {
    ...partition,
    partitionValue: managerId ? keys.subsidyClaimsOfManager(managerId) : keys.allSubsidyClaims,
    ...(conditions.length ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
  };
}
