import { describe, expect, it } from 'vitest';
import { subsidyDefaults } from '../parameters/subsidy.js';
import { subsidyTypeIds } from './claim.js';
import { describeSubsidyRules } from './describe.js';

describe('describeSubsidyRules', () => {
  const rules = describeSubsidyRules(subsidyDefaults);

  it('lists every subsidy type once, with its clause and both labels', () => {
    expect(rules.map((rule) => rule.subsidyType)).toEqual([...subsidyTypeIds]);
    for (const rule of rules) {
      expect(rule.clause).toMatch(/^§二\((一|五|七|八)\)$/);
      expect(rule.zh.length).toBeGreaterThan(0);
      expect(rule.en.length).toBeGreaterThan(0);
    }
  });

  it('gives each parameter the rule reads, its clause and the value in force', () => {
    const reward = rules.find((rule) => rule.subsidyType === 'equity_investment_reward');
    expect(reward?.parameters).toContainEqual({
      path: 'equityInvestmentReward.rateBp',
      clause: '§二(七)',
      description: 'Share of the actual investment',
      value: 1500,
    });
    expect(reward?.parameters.map((p) => p.path)).toEqual([
      'equityInvestmentReward.rateBp',
      'equityInvestmentReward.perEnterpriseCapFen',
      'equityInvestmentReward.perManagerYearCapFen',
      'equityInvestmentReward.fullYearsAfterTransfer',
    ]);
    const centre = rules.find((rule) => rule.subsidyType === 'center_operating_fund');
    expect(centre?.parameters.map((p) => [p.path, p.clause, p.value])).toEqual([
      ['centerOperatingFund.annualFen', '§二(一)', 1_000_000_000],
      ['centerOperatingFund.cityShareBp', '§二(一)', 5000],
      ['centerOperatingFund.eastLakeHitechShareBp', '§二(一)', 5000],
    ]);
  });

  it('shows the parameters passed, not the defaults', () => {
    const tiers = [{ tier: 'first_prize', label: '一等奖', amountFen: 50_000_000 }];
    const described = describeSubsidyRules({ ...subsidyDefaults, competitionAward: { prizeTiers: tiers } });
    expect(described.find((rule) => rule.subsidyType === 'competition_award')?.parameters).toEqual([
      {
        path: 'competitionAward.prizeTiers',
        clause: '§二(五)',
        description: expect.stringContaining('prize tier'),
        value: tiers,
      },
    ]);
  });
});
