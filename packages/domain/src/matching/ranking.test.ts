import { describe, expect, it } from 'vitest';
import type { PlatformProfile } from '../people.js';
import { type MatchRanking, type RankingInput, rankPlatforms } from './ranking.js';

function platform(platformId: string, overrides: Partial<PlatformProfile> = {}): PlatformProfile {
  return {
    role: 'platform',
    id: `plt_${platformId}`,
    name: platformId,
    locale: 'zh-CN',
    platformId,
    kind: 'concept_verification_center',
    techFields: 'all',
    capacity: 5,
    district: 'east_lake_hitech',
    ...overrides,
  };
}

const gestation = { stage: 'gestation', techField: 'quantum', district: 'east_lake_hitech' } as const;

function rank(input: Partial<RankingInput> & Pick<RankingInput, 'platforms'>): MatchRanking {
  // Every platform given has a queue unless a test says otherwise.
  const withQueue = input.platforms.map((p) => p.platformId);
  return rankPlatforms({ project: gestation, openOffers: {}, withQueue, ...input });
}

const chosen = (ranking: MatchRanking) => ranking.kinds.map((k) => k.chosen);
const order = (ranking: MatchRanking, kind = ranking.kinds[0]?.kind) =>
  ranking.kinds.find((k) => k.kind === kind)?.ranked.map((p) => p.platformId);
const reasonFor = (ranking: MatchRanking, platformId: string) =>
  ranking.excluded.find((e) => e.platformId === platformId)?.reason;

describe('matching a qualified project to platforms (§二(四))', () => {
  it('offers a gestation project to one concept-verification centre, never a pilot platform', () => {
    const ranking = rank({ platforms: [platform('pilot', { kind: 'pilot_platform' }), platform('cvc')] });
    expect(chosen(ranking)).toEqual(['cvc']);
    expect(reasonFor(ranking, 'pilot')).toBe('kind_not_for_stage');
  });

  it('offers a sprouting project to one pilot platform', () => {
    const ranking = rank({
      project: { ...gestation, stage: 'sprouting' },
      platforms: [platform('cvc'), platform('pilot', { kind: 'pilot_platform' })],
    });
    expect(chosen(ranking)).toEqual(['pilot']);
  });

  it('offers a growth project to one finance platform and one landing park', () => {
    const ranking = rank({
      project: { ...gestation, stage: 'growth' },
      platforms: [
        platform('park', { kind: 'landing_park' }),
        platform('fund', { kind: 'finance' }),
        platform('cvc'),
      ],
    });
    expect(ranking.kinds.map((k) => [k.kind, k.chosen])).toEqual([
      ['finance', 'fund'],
      ['landing_park', 'park'],
    ]);
  });

  it('excludes a platform that does not serve the field, is deactivated, full, or already had the project', () => {
    const ranking = rank({
      platforms: [
        platform('other-field', { techFields: ['aerospace'] }),
        platform('inactive', { active: false }),
        platform('full', { capacity: 2 }),
        platform('declined-before'),
        platform('no-fields', { techFields: undefined }),
        platform('no-capacity', { capacity: undefined }),
        platform('ok'),
      ],
      openOffers: { full: 2 },
      alreadyOffered: ['declined-before'],
    });
    expect(chosen(ranking)).toEqual(['ok']);
    expect(Object.fromEntries(ranking.excluded.map((e) => [e.platformId, e.reason]))).toEqual({
      'other-field': 'field_not_served',
      inactive: 'inactive',
      full: 'capacity_full',
      'declined-before': 'already_offered',
      'no-fields': 'no_fields_declared',
      'no-capacity': 'no_capacity_declared',
    });
    expect(ranking.excluded.find((e) => e.platformId === 'full')?.why).toContain('2 open offers');
  });

  it('ranks a platform naming the field before an all-fields one, even in another district with less room', () => {
    const ranking = rank({
      platforms: [
        platform('a-all'),
        platform('z-quantum', { techFields: ['quantum'], district: 'jiangan', capacity: 1 }),
      ],
    });
    expect(order(ranking)).toEqual(['z-quantum', 'a-all']);
  });

  it('then prefers the same district, then the most capacity left, then the id', () => {
    const ranking = rank({
      platforms: [
        platform('elsewhere', { district: 'jiangan', capacity: 50 }),
        platform('b-roomy', { capacity: 5 }),
        platform('c-busy', { capacity: 5 }),
        platform('a-tie', { capacity: 5 }),
      ],
      openOffers: { 'c-busy': 3, 'b-roomy': 0, 'a-tie': 0 },
    });
    expect(order(ranking)).toEqual(['a-tie', 'b-roomy', 'c-busy', 'elsewhere']);
  });

  it('explains each rank', () => {
    const ranking = rank({ platforms: [platform('cvc', { capacity: 3 })], openOffers: { cvc: 1 } });
    expect(ranking.kinds[0]?.ranked[0]).toMatchObject({
      rank: 1,
      namesField: false,
      sameDistrict: true,
      capacityLeft: 2,
    });
    expect(ranking.kinds[0]?.ranked[0]?.why).toBe('#1; serves all fields; same district; 2 places left');
  });

  it('chooses nobody for a kind when no platform of it is eligible', () => {
    const ranking = rank({
      project: { ...gestation, stage: 'growth' },
      platforms: [platform('fund', { kind: 'finance' })],
    });
    expect(chosen(ranking)).toEqual(['fund', undefined]);
  });

  it('re-ranks only the kinds asked for (a declined landing-park offer leaves the finance offer alone)', () => {
    const ranking = rank({
      project: { ...gestation, stage: 'growth' },
      platforms: [platform('fund', { kind: 'finance' }), platform('park', { kind: 'landing_park' })],
      kinds: ['landing_park'],
    });
    expect(ranking.kinds.map((k) => k.chosen)).toEqual(['park']);
  });

  it('excludes a platform whose platformId has no queue (no_queue), and offers the next one with a queue', () => {
    // e.g. a profile created for a platform that was later dropped from the configuration: its offer could
    // never reach it, so it must not take the project (nor a place) from one that can receive it.
    const ranking = rank({
      platforms: [platform('cvc-gone', { capacity: 50 }), platform('cvc-live')],
      withQueue: ['cvc-live'],
    });
    expect(chosen(ranking)).toEqual(['cvc-live']);
    expect(reasonFor(ranking, 'cvc-gone')).toBe('no_queue');
    expect(ranking.excluded.find((e) => e.platformId === 'cvc-gone')?.why).toMatch(/no queue/);
  });

  it('chooses nobody when no platform of the kind has a queue', () => {
    const ranking = rank({ platforms: [platform('cvc-a'), platform('cvc-b')], withQueue: [] });
    expect(chosen(ranking)).toEqual([undefined]);
    expect(ranking.excluded.map((e) => e.reason)).toEqual(['no_queue', 'no_queue']);
  });
});
