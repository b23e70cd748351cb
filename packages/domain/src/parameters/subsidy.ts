import * as z from '../zod.js';
import { basisPoints, clause, count, fen } from './schema-helpers.js';

/** 1 万元 in fen. */
export const WAN_FEN = 1_000_000;

/**
 * §二(五): any competition prize tier is at most 100万. This ceiling is the plan's own wording, not a product
 * default, so it is part of the schema: no published version can pass it.
 */
export const COMPETITION_TIER_LIMIT_FEN = 100 * WAN_FEN;

const prizeTier = z.strictObject({
  tier: z
    .string()
    .check(
      z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'A lower-case slug: first_prize, excellence…'),
      z.describe('Stable id of the tier, referred to by an award'),
    ),
  label: z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(100), z.describe('The tier as people see it: 一等奖')),
  amountFen: fen().check(
    z.positive(),
    z.lte(COMPETITION_TIER_LIMIT_FEN, 'A prize tier is at most 100万 (100,000,000 fen), §二(五)'),
  ),
});

export const subsidyParametersSchema = z.strictObject({
  competitionAward: clause(
    z.strictObject({
      prizeTiers: z.array(prizeTier).check(
        z.maxLength(20),
        z.refine(
          (tiers) => new Set(tiers.map((t) => t.tier)).size === tiers.length,
          'Tier ids must be unique',
        ),
        z.describe('Award per “武创源” prize tier; staff set the amounts (the plan gives only the ceiling)'),
      ),
    }),
    '§二(五)',
    '“武创源” competition prize awards',
  ),
  nationalProjectMatch: clause(
    z.strictObject({
      rateBp: basisPoints().check(z.describe('Share of the national funds actually disbursed')),
      perProjectCapFen: fen().check(z.describe('Cumulative over tranches')),
    }),
    '§二(五)',
    'Match for an enterprise-led national key R&D disruptive-technology project',
  ),
  grantToEquity: clause(
    z.strictObject({ perProjectCapFen: fen() }),
    '§二(七)',
    '拨转股 for a project that passed the evaluation; the amount is decided by staff up to the cap',
  ),
  equityInvestmentReward: clause(
    z.strictObject({
      rateBp: basisPoints().check(z.describe('Share of the actual investment')),
      perEnterpriseCapFen: fen(),
      perManagerYearCapFen: fen().check(z.describe('Per fund manager (管理机构) and calendar year')),
      fullYearsAfterTransfer: count(0, 10).check(
        z.describe('Full years (Civil Code arts. 201–203) after the transfer date before the reward is due'),
      ),
    }),
    '§二(七)',
    'Reward for a fund that invested by capital increase in an early-stage project’s enterprise',
  ),
  investmentLossCompensation: clause(
    z.strictObject({
      rateBp: basisPoints().check(z.describe('Share of the actual loss on the first-round investment')),
      perProjectCapFen: fen(),
      perManagerYearCapFen: fen().check(z.describe('Per fund manager (管理机构) and calendar year')),
      minimumHoldingYears: count(0, 10).check(z.describe('Full years the investment must have been held')),
      lossWindowYears: count(1, 20).check(
        z.describe('The loss must occur within this many years of the transfer'),
      ),
    }),
    '§二(七)',
    'Compensation for the loss of such an investment',
  ),
  firstUse: clause(
    z.strictObject({ perProjectCapFen: fen() }),
    '§二(八)',
    '四首 first use (equipment, material, software, chip tape-out); amount decided by staff up to the cap',
  ),
  centerOperatingFund: clause(
    z
      .strictObject({
        annualFen: fen(),
        cityShareBp: basisPoints(),
        eastLakeHitechShareBp: basisPoints().check(z.describe('东湖高新区’s share')),
      })
      .check(
        z.refine((v) => v.cityShareBp + v.eastLakeHitechShareBp === 10_000, {
          message: 'The two shares must add up to 10000 basis points',
          path: ['eastLakeHitechShareBp'],
        }),
      ),
    '§二(一)',
    'Annual operating fund of the Wuhan centre',
  ),
});
export type SubsidyParameters = z.infer<typeof subsidyParametersSchema>;

/** DOMAIN.md's table. The competition's tiers start empty: the plan sets only their ceiling. */
export const subsidyDefaults: SubsidyParameters = {
  competitionAward: { prizeTiers: [] },
  nationalProjectMatch: { rateBp: 5000, perProjectCapFen: 500 * WAN_FEN },
  grantToEquity: { perProjectCapFen: 600 * WAN_FEN },
  equityInvestmentReward: {
    rateBp: 1500,
    perEnterpriseCapFen: 100 * WAN_FEN,
    perManagerYearCapFen: 500 * WAN_FEN,
    fullYearsAfterTransfer: 2,
  },
  investmentLossCompensation: {
    rateBp: 2000,
    perProjectCapFen: 300 * WAN_FEN,
    perManagerYearCapFen: 600 * WAN_FEN,
    minimumHoldingYears: 2,
    lossWindowYears: 5,
  },
  firstUse: { perProjectCapFen: 1000 * WAN_FEN },
  centerOperatingFund: { annualFen: 1000 * WAN_FEN, cityShareBp: 5000, eastLakeHitechShareBp: 5000 },
};

/**
 * The subsidy set as a binding of its own (sets.ts `parameterSets` lists every set): a use case that reads only
 * this set names it (`parameterSetInForce(subsidyParameterSet, date)`) and bundles no other set's schema (issue 13).
 */
export const subsidyParameterSet = {
  name: 'subsidy',
  label: '资助参数 (subsidy)',
  schema: subsidyParametersSchema,
  defaults: subsidyDefaults,
  clauses: ['§二(五)', '§二(七)', '§二(八)', '§二(一)'],
} as const;
