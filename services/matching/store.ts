import { config, keys, type ListingQuery, type Page, queryAll, queryIndex, queryListing } from '@wuhan/aws';
import { type OfferRecord, type OfferState, offerRecordSchema, type PlatformKind } from '@wuhan/domain';

/** Every offer a project ever had, strongly consistent: each offer decision is taken on the latest writes. */
export async function readOffers(projectId: string): Promise<OfferRecord[]> {
  const items = await queryAll({
    partitionAttribute: 'pk',
    partitionValue: keys.project(projectId).pk,
    sortPrefix: { attribute: 'sk', value: keys.offerPrefix },
    consistentRead: true,
  });
  return items.map((item) => offerRecordSchema.parse(item));
}

export interface OfferFilter {
  /** One platform's listing (gsi1); without it, every offer (gsi2, staff). */
  platformId?: string;
  state?: OfferState;
  kind?: PlatformKind;
}

/**
 * Pure: the listing `GET /v1/matches` pages through, newest first (match ids sort by time). A platform's own
 * offers, or one platform's for staff, are its gsi1 partition; staff's unfiltered view is gsi2. State and kind
 * are filters (an offer's state changes, so it is no key).
 */
export function offersListing(filter: OfferFilter): ListingQuery {
  const base: ListingQuery = filter.platformId
    ? {
        indexName: 'gsi1',
        partitionAttribute: 'gsi1pk',
        sortAttribute: 'gsi1sk',
        partitionValue: keys.offerListing(filter.platformId, '').gsi1pk,
      }
    : {
        indexName: 'gsi2',
        partitionAttribute: 'gsi2pk',
        sortAttribute: 'gsi2sk',
        partitionValue: keys.allOffers,
      };
  const remaining: [string, string][] = [];
  if (filter.state) remaining.push(['state', filter.state]);
  if (filter.kind) remaining.push(['kind', filter.kind]);
  if (remaining.length === 0) return base;
  return {
    ...base,
    filter: {
      expression: remaining.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
      names: Object.fromEntries(remaining.map(([name], i) => [`#f${i}`, name])),
      values: Object.fromEntries(remaining.map(([, value], i) => [`:f${i}`, value])),
    },
  };
}

/** One page of a listing, each offer parsed. */
export function offersPage(
  listing: ListingQuery,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<Page<OfferRecord>> {
  return queryListing(listing, limit, start, (item) => offerRecordSchema.parse(item));
}

/** An offer by its id alone (staff), found on the all-offers listing, then read strongly consistent. */
export async function offerById(matchId: string): Promise<OfferRecord | undefined> {
  const { items } = await queryIndex(
    {
      TableName: config().tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk',
      ExpressionAttributeValues: { ':pk': keys.allOffers, ':sk': matchId },
    },
    { consistent: true },
  );
  return items[0] ? offerRecordSchema.parse(items[0]) : undefined;
}
