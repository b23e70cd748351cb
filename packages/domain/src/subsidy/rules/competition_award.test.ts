import { describe, expect, it } from 'vitest';
import {
  type SubsidyParameters,
  subsidyDefaults,
  subsidyParametersSchema,
} from '../../parameters/subsidy.js';
import type { ClaimOf } from '../claim.js';
import { exampleClaims } from '../examples.js';
import { assessRow, type CaseRow, summarise, wanFen } from '../test-support.js';

/** §二(五) “武创源”大赛: an award per prize tier set by staff; any tier, and a project's awards of a year, at most 100万. */
const parameters: SubsidyParameters = {
  ...subsidyDefaults,
  competitionAward: {
    prizeTiers: [
      { tier: 'first_prize', label: '一等奖', amountFen: wanFen(100) },
      { tier: 'second_prize', label: '二等奖', amountFen: wanFen(50) },
      { tier: 'excellence', label: '优秀奖', amountFen: wanFen(10) },
    ],
  },
};
const projectId = exampleClaims.competition_award.projectId;
const steps = ['prize_tier_amount', 'competition_year_cap'];

function award(change: Partial<ClaimOf<'competition_award'>> = {}): ClaimOf<'competition_award'> {
  return { ...exampleClaims.competition_award, ...change };
}

const rows: CaseRow[] = [
  {
    name: 'a first prize: 100万 as the tier says',
    claim: award(),
    assessOn: '2026-11-01',
    parameters,
    expected: { outcome: 'computed', awardFen: wanFen(100), reasons: [], steps },
  },
  {
    name: 'a second prize: 50万',
    claim: award({ prizeTier: 'second_prize' }),
    assessOn: '2026-11-01',
    parameters,
    expected: { outcome: 'computed', awardFen: wanFen(50), reasons: [], steps },
  },
  {
    name: 'a tier the parameters in force do not have: ineligible',
    claim: award({ prizeTier: 'grand_prize' }),
    assessOn: '2026-11-01',
    parameters,
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['unknown_prize_tier'], steps: [] },
  },
  {
    name: 'no tiers published yet (the defaults): ineligible',
    claim: award(),
    assessOn: '2026-11-01',
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['unknown_prize_tier'], steps: [] },
  },
  {
    name: 'one prize per project per competition: a second 2026 claim while the first holds an award is refused',
    claim: award({ prizeTier: 'excellence' }),
    assessOn: '2026-11-01',
    parameters,
    used: { [`competition_award#project:${projectId}#year:2026`]: wanFen(95) },
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['already_awarded'],
      steps: ['prize_tier_amount'],
    },
  },
  {
    name: 'the 2027 competition is a new year for the project',
    claim: award({ competitionYear: 2027 }),
    assessOn: '2027-11-01',
    parameters,
    used: { [`competition_award#project:${projectId}#year:2026`]: wanFen(100) },
    expected: { outcome: 'computed', awardFen: wanFen(100), reasons: [], steps },
  },
];

describe('competition_award (§二(五))', () => {
  it.each(rows)('$name', (row) => {
    expect(summarise(assessRow(row))).toEqual(row.expected);
  });

  it('refuses a tier above 100万 as a parameter, naming the field', () => {
    const tooHigh = {
      ...parameters,
      competitionAward: {
        prizeTiers: [{ tier: 'first_prize', label: '一等奖', amountFen: wanFen(100) + 1 }],
      },
    };
    const result = subsidyParametersSchema.safeParse(tooHigh);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'competitionAward.prizeTiers.0.amountFen',
    ]);
    expect(subsidyParametersSchema.safeParse(parameters).success).toBe(true);
  });
});
