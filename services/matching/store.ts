import { keys, queryAll } from '@wuhan/aws';
import { type OfferRecord, offerRecordSchema } from '@wuhan/domain';

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

/** A platform's own offers, newest first (its gsi1 listing; every state). */
export async function offersOfPlatform(platformId: string): Promise<OfferRecord[]> {
  const items = await queryAll({
    indexName: 'gsi1',
    partitionAttribute: 'gsi1pk',
    partitionValue: keys.offerListing(platformId, '').gsi1pk,
    newestFirst: true,
  });
  return items.map((item) => offerRecordSchema.parse(item));
}

/** Every offer, newest first (staff; unpaged for now: offers are few while the programme starts). */
export async function allOffers(): Promise<OfferRecord[]> {
  const items = await queryAll({
    indexName: 'gsi2',
    partitionAttribute: 'gsi2pk',
    partitionValue: keys.allOffers,
    newestFirst: true,
  });
  return items.map((item) => offerRecordSchema.parse(item));
}
