import { describe, expect, it } from 'vitest';
import { platformProfileSchema } from './people.js';
import {
  isPlaceholderPrincipal,
  loadPlatformsConfig,
  type PlatformConfig,
  platformSetProblems,
  principalAccount,
} from './platform-config.js';

const centre: PlatformConfig = {
  platformId: 'cvc-a',
  name: '概念验证中心 A',
  kind: 'concept_verification_center',
  techFields: ['quantum'],
  capacity: 5,
  district: 'hongshan',
  contactEmail: 'cvc-a@example.cn',
  consumerPrincipal: 'arn:aws:iam::111122223333:role/cvc-a-reader',
};
const park: PlatformConfig = {
  ...centre,
  platformId: 'park-b',
  kind: 'landing_park',
  techFields: 'all',
  consumerPrincipal: '444455556666',
};
const file = (...platforms: unknown[]) => ({ platforms });

describe('the platform configuration (issue 10 point 1)', () => {
  it('loads a valid list, every field of the platform profile', () => {
    const loaded = loadPlatformsConfig(file(centre, park));
    expect(loaded.map((p) => p.platformId)).toEqual(['cvc-a', 'park-b']);
    // A configured platform is a valid stored profile once it has an id and a language.
    for (const p of loaded) {
      expect(
        platformProfileSchema.safeParse({ ...p, role: 'platform', id: 'plt_1', locale: 'zh-CN' }).success,
      ).toBe(true);
    }
  });

  it.each([
    ['a missing consumerPrincipal', { ...centre, consumerPrincipal: undefined }, 'consumerPrincipal'],
    ['a missing capacity', { ...centre, capacity: undefined }, 'capacity'],
    ['a platformId that is not a slug', { ...centre, platformId: 'CVC A' }, 'platformId'],
    ['an unknown kind', { ...centre, kind: 'incubator' }, 'kind'],
    ['an unknown field', { ...centre, techFields: ['metaverse'] }, 'techFields'],
    ['an unknown district', { ...centre, district: 'beijing' }, 'district'],
    [
      'a principal that is a user, not an account or role',
      { ...centre, consumerPrincipal: 'arn:aws:iam::111122223333:user/bob' },
      'consumerPrincipal',
    ],
    ['a wildcard principal', { ...centre, consumerPrincipal: '*' }, 'consumerPrincipal'],
    ['an unknown field name', { ...centre, queue: 'platform-x' }, 'queue'],
  ])('refuses %s, naming the field', (_label, platform, field) => {
    expect(() => loadPlatformsConfig(file(platform), 'test.json')).toThrow(
      new RegExp(`test\\.json[\\s\\S]*${field}`),
    );
  });

  it('refuses an empty list', () => {
    expect(() => loadPlatformsConfig(file())).toThrow(/platforms/);
  });

  it('refuses two platforms with one id (they would share a queue)', () => {
    expect(platformSetProblems([centre, { ...centre, consumerPrincipal: '999999999999' }])).toEqual([
      'platformId cvc-a is configured twice',
    ]);
    expect(() => loadPlatformsConfig(file(centre, { ...centre, consumerPrincipal: '999999999999' }))).toThrow(
      /configured twice/,
    );
  });

  it('refuses two platforms with one principal (each could read the other queue)', () => {
    expect(
      platformSetProblems([centre, { ...park, consumerPrincipal: centre.consumerPrincipal }]),
    ).toHaveLength(1);
  });

  it("refuses a whole-account principal that holds another platform's role", () => {
    const problems = platformSetProblems([
      centre,
      { ...park, consumerPrincipal: 'arn:aws:iam::111122223333:root' },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/park-b's principal is the whole account 111122223333/);
  });

  it('reads the account of a principal and knows the placeholder account', () => {
    expect(principalAccount('arn:aws-cn:iam::111122223333:role/x')).toBe('111122223333');
    expect(principalAccount('444455556666')).toBe('444455556666');
    expect(isPlaceholderPrincipal('arn:aws:iam::000000000000:role/platform-x-reader')).toBe(true);
    expect(isPlaceholderPrincipal(centre.consumerPrincipal)).toBe(false);
  });
});
