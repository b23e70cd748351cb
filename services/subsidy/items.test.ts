import { keys } from '@wuhan/aws';
import { describe, expect, it } from 'vitest';
import { capManager, capRelease, capReserve, capYear, claimAssessed, claimDecided } from './items.js';

const now = new Date('2026-03-05T02:00:00Z');
const yearCap = 'equity_investment_reward#manager:fnd-1#year:2026';

describe('a cap reservation is conditioned on the exact usage the award was computed on', () => {
  it('a cap nobody reserved against yet: only while it still has no item (or still 0)', () => {
    // Act
    const { Update } = capReserve(
      'main',
      {
        key: yearCap,
        clause: '§二(七)',
        limitFen: 500,
        usedBeforeFen: 0,
        usedAfterFen: 100,
        managerId: 'fnd-1',
      },
      now,
    );
    // Assess
    expect(Update?.Key).toEqual(keys.subsidyCap(yearCap));
    expect(Update?.ConditionExpression).toBe('attribute_not_exists(pk) OR usedFen = :before');
    expect(Update?.ExpressionAttributeValues).toMatchObject({
      ':before': 0,
      ':after': 100,
      ':limit': 500,
      ':year': 2026,
      ':manager': 'fnd-1',
      ':gsi1pk': keys.subsidyCapsOfManager('fnd-1'),
      ':gsi1sk': yearCap,
    });
  });

  it('a used cap: only while its usage is still exactly what was read', () => {
    const { Update } = capReserve(
      'main',
      {
        key: 'grant_to_equity#project:prj_1',
        clause: '§二(七)',
        limitFen: 600,
        usedBeforeFen: 200,
        usedAfterFen: 600,
      },
      now,
    );
    expect(Update?.ConditionExpression).toBe('usedFen = :before');
    expect(Update?.UpdateExpression).not.toContain('gsi1pk');
    expect(Update?.UpdateExpression).not.toContain('#year');
  });

  it('refuses to build a reservation that passes its cap', () => {
    expect(() =>
      capReserve(
        'main',
        { key: yearCap, clause: '§二(七)', limitFen: 500, usedBeforeFen: 450, usedAfterFen: 550 },
        now,
      ),
    ).toThrow(/may not pass its cap/);
  });
});

describe('claims change status only from the status the use case read', () => {
  it('an assessment is stored only on a received claim (a duplicate delivery reserves once)', () => {
    const assessment = { outcome: 'computed' as const, awardFen: 1, reasons: [], trace: [], caps: [] };
    const { Update } = claimAssessed('main', 'sbc_1', assessment, now);
    expect(Update?.ConditionExpression).toBe('#status = :received');
    expect(Update?.ExpressionAttributeValues?.[':to']).toBe('computed');
  });

  it('a decision only on a computed claim; a release only gives back what is there', () => {
    const decided = claimDecided('main', 'sbc_1', {
      decision: 'rejected',
      reason: 'x',
      by: 'stf',
      at: 'now',
    });
    expect(decided.Update?.ConditionExpression).toBe('#status = :computed');
    const released = capRelease('main', yearCap, 100, now);
    expect(released.Update?.UpdateExpression).toContain('ADD usedFen :minus');
    expect(released.Update?.ExpressionAttributeValues).toMatchObject({ ':minus': -100, ':award': 100 });
    expect(released.Update?.ConditionExpression).toBe('attribute_exists(pk) AND usedFen >= :award');
  });
});

describe('cap keys', () => {
  it('name their year and manager', () => {
    expect(capYear(yearCap)).toBe(2026);
    expect(capManager(yearCap)).toBe('fnd-1');
    expect(capYear('equity_investment_reward#manager:fnd-1#enterprise:91440300708461136T')).toBeUndefined();
    expect(capManager('grant_to_equity#project:prj_1')).toBeUndefined();
  });
});
