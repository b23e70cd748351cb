import { keys, type TransactItem } from '@wuhan/aws';
import type { ClaimRecord, StoredAssessment } from './record.js';
import { creditCodeOf } from './record.js';

/**
 * Pure request builders for subsidy's items. Each names the condition that keeps it right under concurrency and
 * redelivery; a failed condition cancels the whole transaction, and the use case decides again on fresh reads.
 */

/** A new claim, listed for staff, for its fund manager and (an equity reward) for the manager × enterprise. */
export function claimPut(tableName: string, claim: ClaimRecord): TransactItem {
  const creditCode = claim.subsidyType === 'equity_investment_reward' ? creditCodeOf(claim.input) : undefined;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.subsidyClaim(claim.claimId),
        ...keys.subsidyClaimListing(claim.claimId, claim.managerId, creditCode),
        entity: 'subsidy_claim',
        ...claim,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The claim's assessment, only while it is still `received`: of two deliveries of the same claim message, one
 * transaction stores the result and reserves the caps; the other is cancelled and finds the claim assessed.
 */
export function claimAssessed(
  tableName: string,
  claimId: string,
  assessment: StoredAssessment,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.subsidyClaim(claimId),
      UpdateExpression: 'SET #status = :to, assessment = :assessment, assessedAt = :now',
      ConditionExpression: '#status = :received',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': assessment.outcome,
        ':assessment': assessment,
        ':now': now.toISOString(),
        ':received': 'received',
      },
    },
  };
}

export interface CapReservation {
  key: string;
  clause: string;
  limitFen: number;
  /** The usage this assessment was computed on, exactly as read. */
  usedBeforeFen: number;
  usedAfterFen: number;
  /** The fund manager whose cap this is (listed for `GET /v1/caps/{managerId}`), if any. */
  managerId?: string;
}

/** The calendar year an annual cap key names (`…#year:2026`), if any. */
export function capYear(key: string): number | undefined {
  const match = /#year:(\d{4})(?:#|$)/.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** The fund manager a cap key names (`…#manager:<id>#…`), if any. */
export function capManager(key: string): string | undefined {
  const match = /(?:^|#)manager:([^#]+)/.exec(key);
  return match?.[1];
}

/**
 * One cap's reservation, conditioned on the exact usage the award was computed on: if any other claim reserved
 * against this cap since it was read, the condition fails, the transaction is cancelled, and the claim is
 * assessed again on the new usage. So two claims assessed at the same moment never together pass a cap.
 */
export function capReserve(tableName: string, cap: CapReservation, now: Date): TransactItem {
  if (cap.usedAfterFen > cap.limitFen && cap.usedAfterFen > cap.usedBeforeFen) {
    throw new Error(`A reservation may not pass its cap ${cap.key}: ${cap.usedAfterFen} > ${cap.limitFen}`);
  }
  const year = capYear(cap.key);
  const listing = cap.managerId ? keys.subsidyCapListing(cap.managerId, cap.key) : {};
  const set = [
    'usedFen = :after',
    'limitFen = :limit',
    'capKey = :key',
    'clause = :clause',
    'entity = :entity',
    'updatedAt = :now',
    ...(year === undefined ? [] : ['#year = :year']),
    ...(cap.managerId ? ['managerId = :manager', 'gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk'] : []),
  ];
  return {
    Update: {
      TableName: tableName,
      Key: keys.subsidyCap(cap.key),
      UpdateExpression: `SET ${set.join(', ')}`,
      // A cap nobody reserved against yet has no item: "used 0" means exactly that.
      ConditionExpression:
        cap.usedBeforeFen === 0 ? 'attribute_not_exists(pk) OR usedFen = :before' : 'usedFen = :before',
      ...(year === undefined ? {} : { ExpressionAttributeNames: { '#year': 'year' } }),
      ExpressionAttributeValues: {
        ':before': cap.usedBeforeFen,
        ':after': cap.usedAfterFen,
        ':limit': cap.limitFen,
        ':key': cap.key,
        ':clause': cap.clause,
        ':entity': 'subsidy_cap',
        ':now': now.toISOString(),
        ...(year === undefined ? {} : { ':year': year }),
        ...(cap.managerId ? { ':manager': cap.managerId, ...prefixed(listing) } : {}),
      },
    },
  };
}

function prefixed(listing: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(listing).map(([k, v]) => [`:${k}`, v]));
}

/** A rejected claim gives its award back to one cap (a relative ADD: other claims may have reserved since). */
export function capRelease(tableName: string, capKey: string, awardFen: number, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.subsidyCap(capKey),
      UpdateExpression: 'ADD usedFen :minus SET updatedAt = :now',
      // The reservation put it there; a release never creates a cap (nor drives one below zero).
      ConditionExpression: 'attribute_exists(pk) AND usedFen >= :award',
      ExpressionAttributeValues: { ':minus': -awardFen, ':award': awardFen, ':now': now.toISOString() },
    },
  };
}

/** Staff's decision, only on a `computed` claim: a second decision, or one on an unassessed claim, is a 409. */
export function claimDecided(
  tableName: string,
  claimId: string,
  decision: NonNullable<ClaimRecord['decision']>,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.subsidyClaim(claimId),
      UpdateExpression: 'SET #status = :to, decision = :decision',
      ConditionExpression: '#status = :computed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': decision.decision,
        ':decision': decision,
        ':computed': 'computed',
      },
    },
  };
}
