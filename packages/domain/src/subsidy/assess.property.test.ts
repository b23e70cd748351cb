import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPETITION_TIER_LIMIT_FEN,
  type SubsidyParameters,
  subsidyDefaults,
} from '../parameters/subsidy.js';
import { assessClaim } from './assess.js';
import { capsFor } from './caps.js';
import { CLAIM_MAX_FEN, type ClaimInput, type SubsidyType, subsidyTypeIds } from './claim.js';
import { exampleClaims } from './examples.js';
import { type Assessment, type ClaimFacts, subsidyReasonCodes } from './types.js';

/**
 * Properties every assessment keeps, whatever the rule, parameters and usage: the award is a whole number of
 * fen, never negative, never above any cap's headroom, and never smaller for a larger base amount.
 */

const manager = 'fm_property';

/** A claim of `type` whose base amount is `amountFen` (for the two rules whose base is a parameter, via it). */
function claimWith(type: SubsidyType, amountFen: number): ClaimInput {
  switch (type) {
    case 'equity_investment_reward':
      return { ...exampleClaims.equity_investment_reward, investmentFen: amountFen };
    case 'investment_loss_compensation':
      return {
        ...exampleClaims.investment_loss_compensation,
        firstRoundInvestmentFen: CLAIM_MAX_FEN,
        actualLossFen: amountFen,
      };
    case 'national_project_match':
      return { ...exampleClaims.national_project_match, disbursedFen: amountFen };
    case 'grant_to_equity':
      return { ...exampleClaims.grant_to_equity, requestedFen: amountFen };
    case 'first_use':
      return { ...exampleClaims.first_use, requestedFen: amountFen };
    case 'competition_award':
    case 'center_operating_fund':
      return exampleClaims[type];
  }
}

function parametersWith(base: SubsidyParameters, amountFen: number): SubsidyParameters {
  return {
    ...base,
    competitionAward: {
      prizeTiers: [
        {
          tier: 'first_prize',
          label: '一等奖',
          amountFen: Math.max(1, Math.min(amountFen, COMPETITION_TIER_LIMIT_FEN)),
        },
      ],
    },
    centerOperatingFund: { ...base.centerOperatingFund, annualFen: amountFen },
  };
}

const fenArb = fc.integer({ min: 0, max: CLAIM_MAX_FEN });
const bpArb = fc.integer({ min: 0, max: 10_000 });

const parametersArb: fc.Arbitrary<SubsidyParameters> = fc
  .record({
    rates: fc.tuple(bpArb, bpArb, bpArb, bpArb),
    caps: fc.array(fenArb, { minLength: 8, maxLength: 8 }),
  })
  .map(({ rates: [match, reward, loss, city], caps }) => {
    const cap = (i: number) => caps[i] ?? 0;
    return {
      ...subsidyDefaults,
      nationalProjectMatch: { rateBp: match, perProjectCapFen: cap(0) },
      grantToEquity: { perProjectCapFen: cap(1) },
      equityInvestmentReward: {
        ...subsidyDefaults.equityInvestmentReward,
        rateBp: reward,
        perEnterpriseCapFen: cap(2),
        perManagerYearCapFen: cap(3),
      },
      investmentLossCompensation: {
        ...subsidyDefaults.investmentLossCompensation,
        rateBp: loss,
        perProjectCapFen: cap(4),
        perManagerYearCapFen: cap(5),
      },
      firstUse: { perProjectCapFen: cap(6) },
      centerOperatingFund: { annualFen: cap(7), cityShareBp: city, eastLakeHitechShareBp: 10_000 - city },
    };
  });

const factsArb: fc.Arbitrary<ClaimFacts> = fc.record({
  enterpriseIncubated: fc.boolean(),
  projectQualified: fc.boolean(),
  earlierClaimsByManagerForEnterprise: fc.constantFrom(0, 0, 1),
});

/** Usage per cap slot: often none, sometimes under, at or (a limit lowered later) above the limit. */
const usageArb = fc.array(fc.oneof(fc.constant(0), fenArb, fc.constant(-1)), { minLength: 2, maxLength: 2 });

interface Scenario {
  type: SubsidyType;
  parameters: SubsidyParameters;
  facts: ClaimFacts;
  usage: number[];
  assessOn: string;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  type: fc.constantFrom(...subsidyTypeIds),
  parameters: parametersArb,
  facts: fc.oneof(factsArb, fc.constant({ enterpriseIncubated: true, projectQualified: true })),
  usage: usageArb,
  assessOn: fc.constantFrom('2026-02-28', '2026-03-02', '2026-12-31', '2027-06-01'),
});

function assess(scenario: Scenario, amountFen: number): Assessment {
  const claim = claimWith(scenario.type, amountFen);
  const parameters = parametersWith(scenario.parameters, amountFen);
  const context = { managerId: manager, assessOn: scenario.assessOn, parameters };
  // Usage is set per cap the claim touches; -1 stands for "exactly at the limit".
  const capsUsedFen = Object.fromEntries(
    capsFor(claim, context).map((cap, i) => {
      const used = scenario.usage[i] ?? 0;
      return [cap.key, used === -1 ? cap.limitFen : used];
    }),
  );
  return assessClaim(claim, { ...context, facts: scenario.facts, capsUsedFen });
}

describe('assessClaim properties', () => {
  it('the award is an integer ≥ 0, never above any cap’s headroom, and the usage after adds exactly the award', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: CLAIM_MAX_FEN }), (scenario, amountFen) => {
        const assessment = assess(scenario, amountFen);
        expect(Number.isSafeInteger(assessment.awardFen)).toBe(true);
        expect(assessment.awardFen).toBeGreaterThanOrEqual(0);
        for (const reason of assessment.reasons) expect(subsidyReasonCodes).toContain(reason.code);
        if (assessment.outcome === 'ineligible') {
          expect(assessment.awardFen).toBe(0);
          expect(assessment.caps).toEqual([]);
          expect(assessment.reasons.length).toBeGreaterThan(0);
        }
        for (const cap of assessment.caps) {
          expect(assessment.awardFen).toBeLessThanOrEqual(Math.max(0, cap.limitFen - cap.usedBeforeFen));
          expect(cap.usedAfterFen).toBe(cap.usedBeforeFen + assessment.awardFen);
        }
        if (assessment.shares) {
          expect(assessment.shares.cityFen + assessment.shares.eastLakeHitechFen).toBe(assessment.awardFen);
          expect(
            Math.min(assessment.shares.cityFen, assessment.shares.eastLakeHitechFen),
          ).toBeGreaterThanOrEqual(0);
        }
        // The trace ends at the award (the centre's shares come after the award and split it).
        const last = assessment.trace.filter((step) => !step.step.endsWith('_share')).at(-1);
        if (assessment.outcome === 'computed') expect(last?.resultFen).toBe(assessment.awardFen);
      }),
      { numRuns: 500 },
    );
  });

  it('is non-decreasing in the base amount', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 1, max: CLAIM_MAX_FEN }),
        fc.integer({ min: 1, max: CLAIM_MAX_FEN }),
        (scenario, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(assess(scenario, low).awardFen).toBeLessThanOrEqual(assess(scenario, high).awardFen);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an eligible claim with no usage gets min(base, every limit)', () => {
    fc.assert(
      fc.property(parametersArb, fc.integer({ min: 1, max: CLAIM_MAX_FEN }), (parameters, disbursedFen) => {
        const assessment = assessClaim(claimWith('national_project_match', disbursedFen), {
          assessOn: '2026-06-01',
          parameters,
          facts: {},
          capsUsedFen: {},
        });
        const base = Number(
          (BigInt(disbursedFen) * BigInt(parameters.nationalProjectMatch.rateBp)) / 10_000n,
        );
        expect(assessment.awardFen).toBe(Math.min(base, parameters.nationalProjectMatch.perProjectCapFen));
      }),
    );
  });
});
