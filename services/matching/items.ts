import { keys, type TransactItem } from '@wuhan/aws';
import type { OfferRecord, OfferState, PlatformKind } from '@wuhan/domain';

/**
 * Pure request builders for matching's items. Each names the condition that keeps it safe under concurrency
 * and redelivery; a failed condition cancels the whole transaction (and the consumer retries on fresh reads).
 */

/** A new offer next to its project, listed for its platform and for staff. Never overwrites. */
export function offerPut(tableName: string, offer: OfferRecord): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.offer(offer.projectId, offer.matchId),
        ...keys.offerListing(offer.platformId, offer.matchId),
        entity: 'offer',
        ...offer,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** An offer leaves `offered` (answered or expired), only from `offered`: a second answer cancels its transaction. */
export function offerAnswer(
  tableName: string,
  offer: Pick<OfferRecord, 'projectId' | 'matchId'>,
  to: Exclude<OfferState, 'offered'>,
  now: Date,
  reason?: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.offer(offer.projectId, offer.matchId),
      UpdateExpression: `SET #state = :to, answeredAt = :now${reason ? ', reason = :reason' : ''}`,
      ConditionExpression: '#state = :offered',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':to': to,
        ':now': now.toISOString(),
        ':offered': 'offered',
        ...(reason ? { ':reason': reason } : {}),
      },
    },
  };
}

/**
 * One of the platform's places taken, only while the platform is active and below its capacity at the moment
 * of the write: twenty projects qualifying at once cannot put a platform over its capacity (issue 10 point 5).
 */
export function platformLoadIncrement(tableName: string, profileId: string, capacity: number): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.principal('platform', profileId),
      UpdateExpression: 'ADD openOffers :one',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(active) OR active = :true) AND ' +
        '(attribute_not_exists(openOffers) OR openOffers < :capacity)',
      ExpressionAttributeValues: { ':one': 1, ':true': true, ':capacity': capacity },
    },
  };
}

/** A declined or expired offer frees its place. */
export function platformLoadDecrement(tableName: string, profileId: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.principal('platform', profileId),
      UpdateExpression: 'ADD openOffers :minus',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':minus': -1 },
    },
  };
}

/** Staff release an accepted offer (`match_released`), only from `accepted`: a second release cancels its transaction. */
export function offerRelease(
  tableName: string,
  offer: Pick<OfferRecord, 'projectId' | 'matchId'>,
  now: Date,
  reason: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.offer(offer.projectId, offer.matchId),
      UpdateExpression: 'SET #state = :released, releasedAt = :now, releaseReason = :reason',
      ConditionExpression: '#state = :accepted',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':released': 'released',
        ':accepted': 'accepted',
        ':now': now.toISOString(),
        ':reason': reason,
      },
    },
  };
}

/**
 * The project's other accepted offer is still accepted when one is released without moving the project (a growth
 * project keeps its other match): two releases at once cannot both leave the project matched with none accepted.
 */
export function offerStillAccepted(
  tableName: string,
  offer: Pick<OfferRecord, 'projectId' | 'matchId'>,
): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.offer(offer.projectId, offer.matchId),
      ConditionExpression: '#state = :accepted',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':accepted': 'accepted' },
    },
  };
}

/**
 * The project's offer count moves from what this decision read to what it leaves: a concurrent decision that
 * read the same offers fails here and decides again on fresh reads (then finds the live offer). Absent on a
 * project's first decision, and on projects offered before the count existed.
 *
 * A decision that tells staff a kind has nobody left (`project.unmatched`) also marks it on the same item, as
 * the number of that kind's offers it read (its round): the mark may only go up. Two decisions that both find
 * nobody left on the same reads (two qualifications, or a qualification after an expiry) leave the offer count
 * where it was, so only the mark tells them apart: the second fails here, decides again, reads the mark and
 * publishes nothing. A later offer of that kind starts a new round, so its own end is told again.
 */
export function offerCountMove(
  tableName: string,
  projectId: string,
  read: number,
  made: number,
  unmatched: readonly UnmatchedRound[] = [],
): TransactItem {
  const countMoves = 'attribute_not_exists(offersMade) OR offersMade = :read';
  const names = Object.fromEntries(unmatched.map(({ kind }, i) => [`#u${i}`, unmatchedAttribute(kind)]));
  const rounds = Object.fromEntries(unmatched.map(({ round }, i) => [`:u${i}`, round]));
  return {
    Update: {
      TableName: tableName,
      Key: keys.offerCount(projectId),
      UpdateExpression: `SET offersMade = :next, entity = :entity${unmatched.map((_, i) => `, #u${i} = :u${i}`).join('')}`,
      ConditionExpression:
        unmatched.length === 0
          ? countMoves
          : [countMoves, ...unmatched.map((_, i) => `attribute_not_exists(#u${i}) OR #u${i} < :u${i}`)]
              .map((part) => `(${part})`)
              .join(' AND '),
      ...(unmatched.length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: { ':next': read + made, ':read': read, ':entity': 'offer-count', ...rounds },
    },
  };
}

/** A kind left with nobody, and how many offers of that kind the project had had when that was found. */
export interface UnmatchedRound {
  kind: PlatformKind;
  round: number;
}

/** The offer-count item's attribute holding the last round staff were told a kind had nobody left. */
export const unmatchedAttribute = (kind: PlatformKind) => `unmatched_${kind}`;
