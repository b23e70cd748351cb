import { describe, expect, it } from 'vitest';
import { offersListing } from './store.js';

describe("GET /v1/matches's listing (pure)", () => {
  it("reads a platform's own partition on gsi1, with state and kind as filters", () => {
    expect(
      offersListing({ platformId: 'cvc-whu', state: 'offered', kind: 'concept_verification_center' }),
    ).toEqual({
      indexName: 'gsi1',
      partitionAttribute: 'gsi1pk',
      sortAttribute: 'gsi1sk',
      partitionValue: 'OFFERS#cvc-whu',
      filter: {
        expression: '#f0 = :f0 AND #f1 = :f1',
        names: { '#f0': 'state', '#f1': 'kind' },
        values: { ':f0': 'offered', ':f1': 'concept_verification_center' },
      },
    });
  });

  it('reads every offer on gsi2 for staff without a platform, unfiltered when nothing is asked', () => {
    expect(offersListing({})).toEqual({
      indexName: 'gsi2',
      partitionAttribute: 'gsi2pk',
      sortAttribute: 'gsi2sk',
      partitionValue: 'OFFERS',
    });
  });
});
