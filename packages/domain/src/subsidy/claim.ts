import { creditCodeProblem } from '../project/credit-code.js';
import { hasForbiddenControlCharacters, invalidCharacter, isBlank } from '../project/text-rules.js';
import * as z from '../zod.js';

/**
 * A subsidy claim's own facts (issue 11, point 2), one strict shape per subsidy type. The envelope (who files,
 * for which manager, assessed on which day) is the contract's; this is what the rules read.
 */

export const subsidyTypeIds = [
  'equity_investment_reward',
  'investment_loss_compensation',
  'national_project_match',
  'competition_award',
  'grant_to_equity',
  'first_use',
  'center_operating_fund',
] as const;
export type SubsidyType = (typeof subsidyTypeIds)[number];

/** §二(八) 四首. */
export const firstUseKindIds = [
  'first_major_equipment',
  'first_batch_material',
  'first_version_software',
  'first_tapeout_chip',
] as const;
export type FirstUseKind = (typeof firstUseKindIds)[number];

/** Amounts above 10^13 fen (1000亿元) are no real claim; the bound also keeps every product with a rate exact. */
export const CLAIM_MAX_FEN = 10_000_000_000_000;

/** The years the plan runs (2025-01-25 to 2027-12-31). */
export const PROGRAMME_FIRST_YEAR = 2025;
export const PROGRAMME_LAST_YEAR = 2027;

const claimFen = () =>
  z
    .number()
    .check(
      z.int('Integer fen'),
      z.gte(0, 'Fen cannot be negative'),
      z.lte(CLAIM_MAX_FEN, 'At most 10^13 fen'),
      z.describe('Integer fen (分); 1 万元 = 1,000,000 fen'),
    );

/** Where zero means there is nothing to claim (an investment of 0, a loss of 0). */
const positiveFen = () => claimFen().check(z.gte(1, 'Must be more than 0 fen'));

/** True when `date` (already YYYY-MM-DD) names a day the calendar has: 2026-02-30 does not. */
export function isRealCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day
  );
}

const claimDate = () =>
  z.iso
    .date('A calendar date, YYYY-MM-DD')
    .check(
      z.refine(isRealCalendarDate, 'No such day in the calendar'),
      z.describe('A calendar date in Asia/Shanghai, YYYY-MM-DD'),
    );

const programmeYear = () =>
  z
    .number()
    .check(
      z.int(),
      z.gte(PROGRAMME_FIRST_YEAR, `The programme runs from ${PROGRAMME_FIRST_YEAR}`),
      z.lte(PROGRAMME_LAST_YEAR, `The programme runs to ${PROGRAMME_LAST_YEAR}`),
    );

/** A name people read (a fund, an enterprise, an applicant): one line, not blank, trimmed. */
const displayName = () =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(200),
    z.refine((text) => !hasForbiddenControlCharacters(text, false), 'Control characters are not allowed'),
    z.refine(
      (text) => invalidCharacter(text) === undefined,
      'Noncharacters and lone surrogates are not allowed',
    ),
    z.refine((text) => !isBlank(text), 'The name is blank'),
  );

const projectId = () =>
  z.string().check(z.regex(/^prj_[0-9A-HJKMNP-TV-Z]{26}$/, 'A project id: prj_ then 26 characters'));

/** GB 32100-2015; the same check as intake's `creditCode`, upper-cased first. */
const enterpriseCreditCode = () =>
  z.string().check(
    z.trim(),
    z.toUpperCase(),
    z.superRefine((code, context) => {
      const problem = creditCodeProblem(code);
      if (problem === undefined) return;
      const messages = {
        length: 'A unified social credit code has 18 characters',
        charset: 'Only 0-9 and A-Y without I, O, S, V, Z are allowed',
        check_digit: 'The check character does not match the first 17 characters (GB 32100-2015)',
      } as const;
      context.addIssue({ code: 'custom', message: messages[problem], params: { reason: problem } });
    }),
    z.describe('18-character unified social credit code (统一社会信用代码), check character validated'),
  );

export const equityInvestmentRewardClaim = z.strictObject({
  subsidyType: z.literal('equity_investment_reward'),
  fundName: displayName(),
  enterpriseName: displayName(),
  enterpriseCreditCode: enterpriseCreditCode(),
  investmentFen: positiveFen().check(z.describe('The actual investment (实际投资额), integer fen')),
  transferDate: claimDate().check(z.describe('The day the investment was transferred (资金到账/转账日)')),
  capitalIncrease: z.boolean().check(z.describe('Invested by capital increase (增资扩股)')),
  firstInvestment: z
    .boolean()
    .check(z.describe("The manager's first investment in this enterprise (首次投资)")),
});

export const investmentLossCompensationClaim = z
  .strictObject({
    subsidyType: z.literal('investment_loss_compensation'),
    fundName: displayName(),
    enterpriseName: displayName(),
    enterpriseCreditCode: enterpriseCreditCode(),
    projectId: projectId(),
    firstRoundInvestmentFen: positiveFen().check(
      z.describe('The first-round investment (首轮投资), integer fen'),
    ),
    actualLossFen: positiveFen().check(z.describe('The actual loss on that investment, integer fen')),
    transferDate: claimDate(),
    lossDate: claimDate().check(z.describe('The day the loss occurred')),
    capitalIncrease: z.boolean(),
  })
  // Checked on the object so each issue names its own field; ISO dates compare as strings in day order.
  .check(
    z.refine((claim) => claim.lossDate >= claim.transferDate, {
      message: 'The loss cannot occur before the transfer',
      path: ['lossDate'],
    }),
    z.refine((claim) => claim.actualLossFen <= claim.firstRoundInvestmentFen, {
      message: 'The loss cannot exceed the first-round investment',
      path: ['actualLossFen'],
    }),
  );

export const nationalProjectMatchClaim = z.strictObject({
  subsidyType: z.literal('national_project_match'),
  projectId: projectId(),
  programme: z.literal('national_key_rnd_disruptive').check(z.describe('国家重点研发计划颠覆性技术专项')),
  enterpriseLed: z.boolean().check(z.describe('The national project is led by an enterprise (企业牵头)')),
  disbursedFen: positiveFen().check(
    z.describe('National funds actually disbursed in this tranche, integer fen'),
  ),
  disbursedOn: claimDate(),
});

export const competitionAwardClaim = z.strictObject({
  subsidyType: z.literal('competition_award'),
  projectId: projectId(),
  competitionYear: programmeYear(),
  prizeTier: z
    .string()
    .check(
      z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'A lower-case slug: first_prize, excellence…'),
      z.describe("A tier id of the parameters' prize table"),
    ),
});

export const grantToEquityClaim = z.strictObject({
  subsidyType: z.literal('grant_to_equity'),
  projectId: projectId(),
  requestedFen: positiveFen().check(z.describe('The amount staff decided (拨转股), integer fen')),
});

export const firstUseClaim = z.strictObject({
  subsidyType: z.literal('first_use'),
  firstUseKind: z.enum(firstUseKindIds),
  applicantName: displayName(),
  projectId: z.optional(projectId()),
  requestedFen: positiveFen().check(z.describe('The amount staff decided, integer fen')),
});

export const centerOperatingFundClaim = z.strictObject({
  subsidyType: z.literal('center_operating_fund'),
  year: programmeYear(),
});

export const claimInputSchema = z.discriminatedUnion('subsidyType', [
  equityInvestmentRewardClaim,
  investmentLossCompensationClaim,
  nationalProjectMatchClaim,
  competitionAwardClaim,
  grantToEquityClaim,
  firstUseClaim,
  centerOperatingFundClaim,
]);

/**
 * The claim with envelope fields added to every variant (the contract's `managerId`, `assessOn`): each variant
 * stays strict and keeps its own checks, so an unknown field and a loss before the transfer are still refused.
 */
export function claimSchemaWith<E extends z.core.$ZodShape>(envelope: E) {
  return z.discriminatedUnion('subsidyType', [
    z.extend(equityInvestmentRewardClaim, envelope),
    z.extend(investmentLossCompensationClaim, envelope),
    z.extend(nationalProjectMatchClaim, envelope),
    z.extend(competitionAwardClaim, envelope),
    z.extend(grantToEquityClaim, envelope),
    z.extend(firstUseClaim, envelope),
    z.extend(centerOperatingFundClaim, envelope),
  ]);
}
export type ClaimInput = z.infer<typeof claimInputSchema>;
/** The claim of one type: `ClaimOf<'first_use'>`. */
export type ClaimOf<T extends SubsidyType> = Extract<ClaimInput, { subsidyType: T }>;
