import { describe, expect, it } from 'vitest';
import { addDays, today } from './dates.js';
import { evaluationDefaults, evaluationParametersSchema } from './evaluation.js';
import { parameterSetNames, parameterSets, valueClauses } from './sets.js';
import { subsidyDefaults, subsidyParametersSchema } from './subsidy.js';
import {
  defaultVersion,
  inForce,
  nextParameterVersion,
  PLAN_ISSUED_ON,
  scheduledAfter,
  ValidFromInPastError,
} from './version.js';

const v = (version: number, validFrom: string) => ({ version, validFrom });

describe('the version in force on a date', () => {
  const versions = [v(1, '2025-01-25'), v(2, '2026-03-01'), v(3, '2026-07-01')];

  it('is the new version from the day it starts', () => {
    expect(inForce(versions, '2026-03-01')?.version).toBe(2);
  });

  it('is still the previous version the day before', () => {
    expect(inForce(versions, '2026-02-28')?.version).toBe(1);
  });

  it('is the latest started one, in whatever order the versions come', () => {
    expect(inForce([...versions].reverse(), '2026-12-31')?.version).toBe(3);
    expect(inForce(versions, '2026-06-30')?.version).toBe(2);
  });

  it('is the later-published of two versions starting the same day', () => {
    expect(inForce([v(1, '2025-01-25'), v(3, '2026-03-01'), v(2, '2026-03-01')], '2026-03-01')?.version).toBe(
      3,
    );
  });

  it('is none before the first version starts', () => {
    expect(inForce(versions, '2025-01-24')).toBeUndefined();
  });

  it('leaves versions starting later as scheduled, soonest first', () => {
    expect(scheduledAfter(versions, '2026-03-01').map((x) => x.version)).toEqual([3]);
    expect(scheduledAfter(versions, '2025-12-31').map((x) => x.version)).toEqual([2, 3]);
  });
});

describe('dates in Asia/Shanghai', () => {
  it('turn at midnight in Shanghai, 16:00 UTC', () => {
    expect(today(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(today(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('move by calendar days across months and leap days', () => {
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('publishing a version', () => {
  const now = new Date('2026-03-01T02:00:00Z'); // 10:00 in Shanghai
  const input = {
    set: 'matching' as const,
    latest: 4,
    values: { offerResponseDays: 12 },
    reason: '平台反馈：10天不足以完成尽调',
    changedBy: 'stf_1',
    now,
  };

  it('takes the next number and the set’s clauses, from today on', () => {
    const next = nextParameterVersion({ ...input, validFrom: '2026-03-01' });
    expect(next).toMatchObject({
      version: 5,
      validFrom: '2026-03-01',
      clauses: ['§二(四)', '§二(六)', '§二(九)'],
    });
  });

  it('is refused when it would start yesterday, naming body.validFrom', () => {
    const attempt = () => nextParameterVersion({ ...input, validFrom: '2026-02-28' });
    expect(attempt).toThrow(ValidFromInPastError);
    expect(attempt).toThrow(
      expect.objectContaining({ kind: 'unprocessable', details: { field: 'body.validFrom' } }),
    );
  });

  it('counts today in Shanghai, not in UTC', () => {
    // 2026-02-28T17:00Z is already 1 March in Shanghai: 28 February is the past there.
    const lateUtc = new Date('2026-02-28T17:00:00Z');
    expect(() => nextParameterVersion({ ...input, now: lateUtc, validFrom: '2026-02-28' })).toThrow(
      ValidFromInPastError,
    );
  });
});

describe('the defaults (version 1)', () => {
  it('pass their own schema and start on the plan’s issue date', () => {
    for (const set of parameterSetNames) {
      const first = defaultVersion(set, new Date());
      expect(parameterSets[set].schema.safeParse(first.values).success, set).toBe(true);
      expect(first).toMatchObject({ version: 1, validFrom: PLAN_ISSUED_ON });
    }
  });

  it('name a clause for every value', () => {
    for (const set of parameterSetNames) {
      const clauses = valueClauses(set);
      for (const path of leafPaths(parameterSets[set].defaults)) {
        expect(clauses[path] ?? clauses[path.split('.').slice(0, -1).join('.')], `${set} ${path}`).toMatch(
          /^§/,
        );
      }
    }
    expect(valueClauses('subsidy')['firstUse.perProjectCapFen']).toBe('§二(八)');
    expect(valueClauses('subsidy')['centerOperatingFund.cityShareBp']).toBe('§二(一)');
  });

  it('hold DOMAIN.md’s figures in fen and basis points', () => {
    expect(subsidyDefaults.equityInvestmentReward).toEqual({
      rateBp: 1500,
      perEnterpriseCapFen: 100_000_000,
      perManagerYearCapFen: 500_000_000,
      fullYearsAfterTransfer: 2,
    });
    expect(subsidyDefaults.firstUse.perProjectCapFen).toBe(1_000_000_000);
    expect(evaluationDefaults.weights.disruptiveness).toBe(evaluationDefaults.weights.demand);
  });
});

describe('the subsidy schema', () => {
  const withTier = (amountFen: number) => ({
    ...subsidyDefaults,
    competitionAward: { prizeTiers: [{ tier: 'first_prize', label: '一等奖', amountFen }] },
  });

  it('accepts a prize tier of exactly 100万', () => {
    expect(subsidyParametersSchema.safeParse(withTier(100_000_000)).success).toBe(true);
  });

  it('refuses a prize tier above 100万, at the tier’s path', () => {
    const parsed = subsidyParametersSchema.safeParse(withTier(100_000_001));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['competitionAward', 'prizeTiers', 0, 'amountFen']);
  });

  it('refuses fractions of a fen and fractional basis points', () => {
    const fractionalCap = {
      ...subsidyDefaults,
      grantToEquity: { perProjectCapFen: 600_000_000.5 },
      nationalProjectMatch: { rateBp: 49.5, perProjectCapFen: 500_000_000 },
    };
    const parsed = subsidyParametersSchema.safeParse(fractionalCap);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'grantToEquity.perProjectCapFen',
      'nationalProjectMatch.rateBp',
    ]);
  });

  it('refuses operating-fund shares that do not add up to the whole', () => {
    const parsed = subsidyParametersSchema.safeParse({
      ...subsidyDefaults,
      centerOperatingFund: { annualFen: 1_000_000_000, cityShareBp: 6000, eastLakeHitechShareBp: 5000 },
    });
    expect(parsed.error?.issues[0]?.path).toEqual(['centerOperatingFund', 'eastLakeHitechShareBp']);
  });
});

describe('the evaluation schema', () => {
  it('refuses a threshold off the score scale and fewer reviewers than reviews needed', () => {
    const parsed = evaluationParametersSchema.safeParse({
      ...evaluationDefaults,
      overallMeanThreshold: 5.5,
      reviewersAssigned: 2,
    });
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'overallMeanThreshold',
      'reviewersAssigned',
    ]);
  });

  it('refuses a step that does not divide the scale, and an unknown field', () => {
    expect(
      evaluationParametersSchema.safeParse({
        ...evaluationDefaults,
        scoreScale: { min: 0, max: 5, step: 0.75 },
      }).success,
    ).toBe(false);
    expect(evaluationParametersSchema.safeParse({ ...evaluationDefaults, extra: 1 }).success).toBe(false);
  });
});

function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
