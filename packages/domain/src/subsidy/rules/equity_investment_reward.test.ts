import { describe, expect, it } from 'vitest';
import { subsidyDefaults } from '../../parameters/subsidy.js';
import { creditCodeCheckChar } from '../../project/credit-code.js';
import { capsFor } from '../caps.js';
import { type ClaimOf, claimInputSchema } from '../claim.js';
import { exampleClaims } from '../examples.js';
import { assessRow, type CaseRow, summarise, wanFen } from '../test-support.js';

/**
 * §二(七) 股权投资奖励: 15% of the actual investment, at most 100万 per enterprise (first investment only), due
 * once 2 full years have passed since the transfer, at most 500万 per fund manager per calendar year.
 */
const manager = 'fm_guanggu_capital';
const code = exampleClaims.equity_investment_reward.enterpriseCreditCode;
const enterpriseCap = `equity_investment_reward#manager:${manager}#enterprise:${code}`;
const yearCap2026 = `equity_investment_reward#manager:${manager}#year:2026`;

function claim(
  change: Partial<ClaimOf<'equity_investment_reward'>> = {},
): ClaimOf<'equity_investment_reward'> {
  // 500万 transferred on 2024-03-01: 2 full years end on 2026-03-01, due from 2026-03-02.
  return { ...exampleClaims.equity_investment_reward, investmentFen: wanFen(500), ...change };
}

const incubated = { enterpriseIncubated: true, earlierClaimsByManagerForEnterprise: 0 };
const computedSteps = ['reward_due_from', 'base_award', 'per_enterprise_cap', 'manager_year_cap'];

const rows: CaseRow[] = [
  {
    name: '500万 invested by capital increase, first investment, due: 15% = 75万 (no cap binds)',
    claim: claim(),
    managerId: manager,
    assessOn: '2026-03-02',
    facts: incubated,
    expected: { outcome: 'computed', awardFen: wanFen(75), reasons: [], steps: computedSteps },
  },
  {
    name: 'on the corresponding day 2 years later the period has not ended: not yet due',
    claim: claim(),
    managerId: manager,
    assessOn: '2026-03-01',
    facts: incubated,
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['not_yet_due'], steps: ['reward_due_from'] },
  },
  {
    name: 'a 29 February transfer: the period ends on 28 February, not yet due that day',
    claim: claim({ transferDate: '2024-02-29' }),
    managerId: manager,
    assessOn: '2026-02-28',
    facts: incubated,
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['not_yet_due'], steps: ['reward_due_from'] },
  },
  {
    name: 'a 29 February transfer: due on 1 March',
    claim: claim({ transferDate: '2024-02-29' }),
    managerId: manager,
    assessOn: '2026-03-01',
    facts: incubated,
    expected: { outcome: 'computed', awardFen: wanFen(75), reasons: [], steps: computedSteps },
  },
  {
    name: '1000万 invested: 15% = 150万, the 100万 per-enterprise cap binds',
    claim: claim({ investmentFen: wanFen(1000) }),
    managerId: manager,
    assessOn: '2026-06-01',
    facts: incubated,
    expected: {
      outcome: 'computed',
      awardFen: wanFen(100),
      reasons: ['cap_remainder'],
      steps: computedSteps,
    },
  },
  {
    name: 'exactly 100万 (666.67万 invested rounds down below it): no cap binds',
    claim: claim({ investmentFen: 666_666_667 }),
    managerId: manager,
    assessOn: '2026-06-01',
    facts: incubated,
    expected: { outcome: 'computed', awardFen: 100_000_000, reasons: [], steps: computedSteps },
  },
  {
    name: 'rounds down to the fen: 15% of 3,333,333.33 yuan is 499,999.9995 yuan → 49,999,999 fen',
    claim: claim({ investmentFen: 333_333_333 }),
    managerId: manager,
    assessOn: '2026-06-01',
    facts: incubated,
    expected: { outcome: 'computed', awardFen: 49_999_999, reasons: [], steps: computedSteps },
  },
  {
    name: 'not a capital increase (a share transfer): ineligible',
    claim: claim({ capitalIncrease: false }),
    managerId: manager,
    assessOn: '2026-06-01',
    facts: incubated,
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['not_capital_increase'],
      steps: ['reward_due_from'],
    },
  },
  {
    name: 'declared not the first investment: ineligible',
    claim: claim({ firstInvestment: false }),
    managerId: manager,
    assessOn: '2026-06-01',
    facts: incubated,
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['not_first_investment'],
      steps: ['reward_due_from'],
    },
  },
  {
    name: 'a second investment by the same manager in the same enterprise (the system knows an earlier claim)',
    claim: claim(),
    managerId: manager,
    assessOn: '2026-06-01',
    facts: { enterpriseIncubated: true, earlierClaimsByManagerForEnterprise: 1 },
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['not_first_investment'],
      steps: ['reward_due_from'],
    },
  },
  {
    name: 'an enterprise the programme did not incubate: ineligible',
    claim: claim(),
    managerId: manager,
    assessOn: '2026-06-01',
    facts: { enterpriseIncubated: false },
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['enterprise_not_incubated'],
      steps: ['reward_due_from'],
    },
  },
  {
    name: 'every failing check is a reason, not only the first',
    claim: claim({ capitalIncrease: false, firstInvestment: false }),
    assessOn: '2026-01-01',
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: [
        'manager_required',
        'not_yet_due',
        'not_capital_increase',
        'not_first_investment',
        'enterprise_not_incubated',
      ],
      steps: ['reward_due_from'],
    },
  },
  {
    name: "a manager's sixth 100万 reward in one year finds the 500万 used up: 0 with the reason",
    claim: claim({ investmentFen: wanFen(1000) }),
    managerId: manager,
    assessOn: '2026-09-01',
    facts: incubated,
    used: { [yearCap2026]: wanFen(500) },
    expected: {
      outcome: 'computed',
      awardFen: 0,
      reasons: ['cap_remainder', 'cap_used_up'],
      steps: computedSteps,
    },
  },
  {
    name: 'a remainder smaller than the award: 450万 used, a 75万 award gets 50万',
    claim: claim(),
    managerId: manager,
    assessOn: '2026-09-01',
    facts: incubated,
    used: { [yearCap2026]: wanFen(450) },
    expected: { outcome: 'computed', awardFen: wanFen(50), reasons: ['cap_remainder'], steps: computedSteps },
  },
  {
    name: 'a new calendar year resets the manager cap: 2026 used up, assessed in 2027',
    claim: claim(),
    managerId: manager,
    assessOn: '2027-01-01',
    facts: incubated,
    used: { [yearCap2026]: wanFen(500) },
    expected: { outcome: 'computed', awardFen: wanFen(75), reasons: [], steps: computedSteps },
  },
];

describe('equity_investment_reward (§二(七))', () => {
  it.each(rows)('$name', (row) => {
    expect(summarise(assessRow(row))).toEqual(row.expected);
  });

  it('keys the caps by manager and enterprise, and by manager and the calendar year of the assessment', () => {
    const context = { managerId: manager, parameters: subsidyDefaults };
    expect(
      capsFor(claim(), { ...context, assessOn: '2026-12-31' }).map((cap) => [cap.key, cap.limitFen]),
    ).toEqual([
      [enterpriseCap, wanFen(100)],
      [yearCap2026, wanFen(500)],
    ]);
    expect(capsFor(claim(), { ...context, assessOn: '2027-01-01' }).map((cap) => cap.key)).toContain(
      `equity_investment_reward#manager:${manager}#year:2027`,
    );
    expect(capsFor(claim(), { assessOn: '2026-12-31', parameters: subsidyDefaults })).toEqual([]);
  });

  it('six 100万 rewards in one year: five are paid, the sixth gets 0, 500万 in total', () => {
    const used: Record<string, number> = {};
    const awards = [1, 2, 3, 4, 5, 6].map((n) => {
      // Six enterprises, so only the manager's annual cap can bind.
      const first17 = `9142010070846113${n}`;
      const enterpriseCreditCode = `${first17}${creditCodeCheckChar(first17)}`;
      const assessment = assessRow({
        claim: claimInputSchema.parse(claim({ investmentFen: wanFen(800), enterpriseCreditCode })),
        managerId: manager,
        assessOn: `2026-0${n + 3}-01`,
        facts: incubated,
        used,
      });
      for (const cap of assessment.caps) used[cap.key] = cap.usedAfterFen;
      return assessment.awardFen;
    });
    expect(awards).toEqual([100, 100, 100, 100, 100, 0].map(wanFen));
    expect(used[yearCap2026]).toBe(wanFen(500));
  });

  it('shows the period reading with its clause and the cap effects before and after', () => {
    const assessment = assessRow({
      claim: claim(),
      managerId: manager,
      assessOn: '2026-03-02',
      facts: incubated,
      used: { [yearCap2026]: wanFen(100) },
    });
    expect(assessment.trace[0]).toMatchObject({
      step: 'reward_due_from',
      clause: '§二(七); 民法典 arts. 201–203',
      inputs: { transferDate: '2024-03-01', periodEnd: '2026-03-01', dueFrom: '2026-03-02', due: true },
    });
    expect(assessment.caps).toEqual([
      {
        key: enterpriseCap,
        clause: '§二(七)',
        limitFen: wanFen(100),
        usedBeforeFen: 0,
        usedAfterFen: wanFen(75),
      },
      {
        key: yearCap2026,
        clause: '§二(七)',
        limitFen: wanFen(500),
        usedBeforeFen: wanFen(100),
        usedAfterFen: wanFen(175),
      },
    ]);
  });

  it('an ineligible claim reserves nothing', () => {
    const assessment = assessRow({
      claim: claim({ capitalIncrease: false }),
      managerId: manager,
      assessOn: '2026-06-01',
      facts: incubated,
    });
    expect(assessment.caps).toEqual([]);
  });
});
