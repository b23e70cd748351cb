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
