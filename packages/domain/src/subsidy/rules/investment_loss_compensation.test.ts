import { describe, expect, it } from 'vitest';
import { subsidyDefaults } from '../../parameters/subsidy.js';
import { capsFor } from '../caps.js';
import type { ClaimOf } from '../claim.js';
import { exampleClaims } from '../examples.js';
import { assessRow, type CaseRow, summarise, wanFen } from '../test-support.js';

/**
 * §二(七) 投资损失补贴: an investment by capital increase held at least 2 full years, with an actual loss within
 * 5 years of the transfer: 20% of the actual loss on the first-round investment, at most 300万 per project (all
 * managers together), at most 600万 per fund manager per calendar year.
 */
const manager = 'fm_donghu_ventures';
const projectId = exampleClaims.investment_loss_compensation.projectId;
const projectCap = `investment_loss_compensation#project:${projectId}`;
const yearCap2026 = `investment_loss_compensation#manager:${manager}#year:2026`;

function claim(
  change: Partial<ClaimOf<'investment_loss_compensation'>> = {},
): ClaimOf<'investment_loss_compensation'> {
  // Transferred 2021-06-15: 2 full years end 2023-06-15, 5 years end 2026-06-15. A 400万 loss of 1000万.
  return {
    ...exampleClaims.investment_loss_compensation,
    firstRoundInvestmentFen: wanFen(1000),
    actualLossFen: wanFen(400),
    transferDate: '2021-06-15',
    lossDate: '2025-01-10',
    ...change,
  };
}

const incubated = { enterpriseIncubated: true, projectIsEnterprises: true };
const computedSteps = [
  'loss_period',
  'base_compensation',
  'per_project_cap',
  'manager_year_cap',
  'once_per_manager_project',
];
const base = { managerId: manager, assessOn: '2026-07-01', facts: incubated };

const rows: CaseRow[] = [
  {
    name: 'a 400万 loss held 2 years and within 5: 20% = 80万',
    claim: claim(),
    ...base,
    expected: { outcome: 'computed', awardFen: wanFen(80), reasons: [], steps: computedSteps },
  },
  {
    name: 'a loss one day inside the 5-year period (on its last day, 2026-06-15) counts',
    claim: claim({ lossDate: '2026-06-15' }),
    ...base,
    expected: { outcome: 'computed', awardFen: wanFen(80), reasons: [], steps: computedSteps },
  },
  {
    name: 'a loss one day outside the 5-year period (2026-06-16) does not',
    claim: claim({ lossDate: '2026-06-16' }),
    ...base,
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['loss_outside_window'],
      steps: ['loss_period'],
    },
  },
  {
    name: 'a loss on the last day of the 2-year holding period: not yet held 2 full years',
    claim: claim({ lossDate: '2023-06-15' }),
    ...base,
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['held_too_short'], steps: ['loss_period'] },
  },
  {
    name: 'a loss the day after the 2-year holding period counts',
    claim: claim({ lossDate: '2023-06-16' }),
    ...base,
    expected: { outcome: 'computed', awardFen: wanFen(80), reasons: [], steps: computedSteps },
  },
  {
    name: 'a 29 February transfer: held 2 years only after 28 February 2026',
    claim: claim({ transferDate: '2024-02-29', lossDate: '2026-02-28' }),
    ...base,
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['held_too_short'], steps: ['loss_period'] },
  },
  {
    name: 'a 29 February transfer: a loss on 1 March 2026 counts',
    claim: claim({ transferDate: '2024-02-29', lossDate: '2026-03-01' }),
    ...base,
    expected: { outcome: 'computed', awardFen: wanFen(80), reasons: [], steps: computedSteps },
  },
  {
    name: 'not a capital increase: ineligible',
    claim: claim({ capitalIncrease: false }),
    ...base,
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['not_capital_increase'],
      steps: ['loss_period'],
    },
  },
  {
    name: 'an enterprise the programme did not incubate: ineligible',
    claim: claim(),
    ...base,
    facts: {},
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['enterprise_not_incubated'],
      steps: ['loss_period'],
    },
  },
  {
    name: 'a loss dated after the assessment has not occurred: ineligible',
    claim: claim({ lossDate: '2026-06-01' }),
    ...base,
    assessOn: '2026-05-31',
    expected: {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['loss_not_yet_occurred'],
      steps: ['loss_period'],
    },
  },
  {
    name: 'no fund manager named: ineligible',
    claim: claim(),
    assessOn: '2026-07-01',
    facts: incubated,
    expected: { outcome: 'ineligible', awardFen: 0, reasons: ['manager_required'], steps: ['loss_period'] },
  },
  {
    name: 'a 2000万 loss: 20% = 400万, the 300万 project cap binds',
    claim: claim({ firstRoundInvestmentFen: wanFen(3000), actualLossFen: wanFen(2000) }),
    ...base,
    expected: {
      outcome: 'computed',
      awardFen: wanFen(300),
      reasons: ['cap_remainder'],
      steps: computedSteps,
    },
  },
  {
    name: 'another manager already had 250万 for the project: this one gets the 50万 remainder',
    claim: claim(),
    ...base,
    used: { [projectCap]: wanFen(250) },
    expected: { outcome: 'computed', awardFen: wanFen(50), reasons: ['cap_remainder'], steps: computedSteps },
  },
  {
    name: 'the manager’s 600万 for the year is used up: 0 with the reason',
    claim: claim(),
    ...base,
    used: { [yearCap2026]: wanFen(600) },
    expected: { outcome: 'computed', awardFen: 0, reasons: ['cap_used_up'], steps: computedSteps },
  },
  {
    name: 'the manager’s year cap leaves 30万: the remainder',
    claim: claim(),
    ...base,
    used: { [yearCap2026]: wanFen(570) },
    expected: { outcome: 'computed', awardFen: wanFen(30), reasons: ['cap_remainder'], steps: computedSteps },
  },
  {
    name: 'rounds down: 20% of 0.07 yuan (7 fen) is 1.4 fen → 1 fen',
    claim: claim({ actualLossFen: 7 }),
    ...base,
    expected: { outcome: 'computed', awardFen: 1, reasons: [], steps: computedSteps },
  },
];

describe('investment_loss_compensation (§二(七))', () => {
  it.each(rows)('$name', (row) => {
    expect(summarise(assessRow(row))).toEqual(row.expected);
  });

  it('keys the project cap for all managers together and the year cap by manager and year', () => {
    const caps = capsFor(claim(), {
      managerId: manager,
      assessOn: '2026-07-01',
      parameters: subsidyDefaults,
    });
    expect(caps.map((cap) => [cap.key, cap.limitFen])).toEqual([
      [projectCap, wanFen(300)],
      [yearCap2026, wanFen(600)],
      [`investment_loss_compensation#manager:${manager}#project:${projectId}`, wanFen(300)],
    ]);
  });

  it('refuses a projectId that is not the project the enterprise landed from (no fresh 300万)', () => {
    const made = assessRow({ claim: claim(), ...base, facts: { enterpriseIncubated: true } });
    expect(summarise(made)).toMatchObject({ outcome: 'ineligible', reasons: ['project_not_enterprises'] });
  });

  it('refuses the same loss re-filed by the manager for the project while the first holds an award', () => {
    const again = assessRow({
      claim: claim(),
      ...base,
      used: { [`investment_loss_compensation#manager:${manager}#project:${projectId}`]: wanFen(80) },
    });
    expect(summarise(again)).toMatchObject({
      outcome: 'ineligible',
      awardFen: 0,
      reasons: ['already_compensated'],
    });
    // Another manager's compensation for the project does not bar this one (only the shared 300万 cap binds).
    const other = assessRow({
      claim: claim(),
      ...base,
      used: {
        [projectCap]: wanFen(80),
        'investment_loss_compensation#manager:fm_other#project:x': wanFen(80),
      },
    });
    expect(summarise(other)).toMatchObject({ outcome: 'computed', awardFen: wanFen(80) });
  });

  it('traces the two period ends it compared the loss date with', () => {
    const [period] = assessRow({ claim: claim(), ...base }).trace;
    expect(period?.inputs).toMatchObject({
      holdingPeriodEnd: '2023-06-15',
      lossWindowEnd: '2026-06-15',
      heldLongEnough: true,
      withinWindow: true,
    });
  });
});
