import { config, keys, type ListingQuery, type Page, queryAll, queryIndex, queryListing } from '@wuhan/aws';
import {
  type OfferRecord,
  type OfferState,
  offerRecordSchema,
  type PlatformKind,
  platformKindIds,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { unmatchedAttribute } from './items.js';

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

/** What an offer decision reads of a project: its offers, and the rounds staff were told a kind had nobody left. */
export interface MatchState {
  offers: OfferRecord[];
  /** Per kind, the number of its offers the project had when `project.unmatched` named it last. */
  unmatchedTold: Partial<Record<PlatformKind, number>>;
}

/**
 * The sort keys of a project's offers (`OFFER#<matchId>`) and of its offer count (`OFFERCOUNT`) share this
 * prefix, so one strongly consistent Query reads both; each row is told apart by its exact key.
 */
export const matchRowsPrefix = 'OFFER';

const round = z.optional(z.number());

/** Pure: the rows of a project's match state, as the Query returns them. */
export function matchStateOf(projectId: string, items: readonly Record<string, unknown>[]): MatchState {
  const countSk = keys.offerCount(projectId).sk;
  const offers: OfferRecord[] = [];
  const unmatchedTold: Partial<Record<PlatformKind, number>> = {};
  for (const item of items) {
    if (item.sk === countSk) {
      for (const kind of platformKindIds) {
        const told = round.parse(item[unmatchedAttribute(kind)]);
        if (told !== undefined) unmatchedTold[kind] = told;
      }
    } else if (typeof item.sk === 'string' && item.sk.startsWith(keys.offerPrefix)) {
      offers.push(offerRecordSchema.parse(item));
    }
  }
  return { offers, unmatchedTold };
}

/** Every offer a project ever had and its unmatched marks, strongly consistent, in one Query. */
export async function readMatchState(projectId: string): Promise<MatchState> {
  const items = await queryAll({
    partitionAttribute: 'pk',
    partitionValue: keys.project(projectId).pk,
    sortPrefix: { attribute: 'sk', value: matchRowsPrefix },
    consistentRead: true,
  });
  return matchStateOf(projectId, items);
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
