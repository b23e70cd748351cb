import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { claimInputSchema, claimSchemaWith, isRealCalendarDate } from './claim.js';
import { exampleClaims as validClaims } from './examples.js';

const creditCode = '91440300708461136T';
const projectId = 'prj_01JZ0000000000000000000000';

/** The paths of the issues a body raises, joined with dots. */
function issuePaths(body: unknown): string[] {
  const result = claimInputSchema.safeParse(body);
  expect(result.success, 'the body should be refused').toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('claimInputSchema', () => {
  it.each(Object.entries(validClaims))('accepts a valid %s claim', (_type, claim) => {
    expect(claimInputSchema.parse(claim)).toEqual(claim);
  });

  it('accepts a first-use claim with a project and normalises names and credit codes', () => {
    const parsed = claimInputSchema.parse({
      ...validClaims.equity_investment_reward,
      fundName: '  光谷基金 ',
      enterpriseCreditCode: ' 91440300708461136t ',
    });
    expect(parsed).toMatchObject({ fundName: '光谷基金', enterpriseCreditCode: creditCode });
    expect(claimInputSchema.parse({ ...validClaims.first_use, projectId }).subsidyType).toBe('first_use');
  });

  // Issue 11 "Bad input": each refused, naming the field.
  it.each([
    ['negative fen', { ...validClaims.equity_investment_reward, investmentFen: -1 }, 'investmentFen'],
    ['non-integer fen', { ...validClaims.grant_to_equity, requestedFen: 100.5 }, 'requestedFen'],
    [
      'fen above 10^13',
      { ...validClaims.national_project_match, disbursedFen: 10_000_000_000_001 },
      'disbursedFen',
    ],
    ['zero where zero is meaningless', { ...validClaims.first_use, requestedFen: 0 }, 'requestedFen'],
    ['fen as a string', { ...validClaims.grant_to_equity, requestedFen: '100' }, 'requestedFen'],
    ['30 February', { ...validClaims.equity_investment_reward, transferDate: '2026-02-30' }, 'transferDate'],
    [
      '29 February of a common year',
      { ...validClaims.national_project_match, disbursedOn: '2026-02-29' },
      'disbursedOn',
    ],
    ['month 13', { ...validClaims.equity_investment_reward, transferDate: '2026-13-01' }, 'transferDate'],
    [
      'a date-time, not a date',
      { ...validClaims.equity_investment_reward, transferDate: '2026-01-01T00:00:00Z' },
      'transferDate',
    ],
    [
      'a loss before the transfer',
      { ...validClaims.investment_loss_compensation, lossDate: '2023-01-09' },
      'lossDate',
    ],
    [
      'a loss above the investment',
      { ...validClaims.investment_loss_compensation, actualLossFen: 1_000_000_001 },
      'actualLossFen',
    ],
    ['an unknown subsidyType', { ...validClaims.grant_to_equity, subsidyType: 'tax_rebate' }, 'subsidyType'],
    ['no subsidyType', { projectId, requestedFen: 1 }, 'subsidyType'],
    ['another type’s field mixed in', { ...validClaims.grant_to_equity, investmentFen: 1 }, ''],
    [
      'a wrong check character',
      { ...validClaims.equity_investment_reward, enterpriseCreditCode: '91440300708461136U' },
      'enterpriseCreditCode',
    ],
    [
      'a 17-character credit code',
      { ...validClaims.equity_investment_reward, enterpriseCreditCode: '91440300708461136' },
      'enterpriseCreditCode',
    ],
    [
      'another programme',
      { ...validClaims.national_project_match, programme: 'national_key_rnd_other' },
      'programme',
    ],
    [
      'a competition year outside the plan',
      { ...validClaims.competition_award, competitionYear: 2028 },
      'competitionYear',
    ],
    [
      'a prize tier that is no slug',
      { ...validClaims.competition_award, prizeTier: 'First Prize' },
      'prizeTier',
    ],
    ['an unknown first-use kind', { ...validClaims.first_use, firstUseKind: 'first_ship' }, 'firstUseKind'],
    ['a blank applicant', { ...validClaims.first_use, applicantName: ' \u200b ' }, 'applicantName'],
    [
      'a control character in a name',
      { ...validClaims.equity_investment_reward, fundName: 'A\u0007B' },
      'fundName',
    ],
    ['a malformed project id', { ...validClaims.grant_to_equity, projectId: 'prj_1' }, 'projectId'],
    ['a centre year before the plan', { ...validClaims.center_operating_fund, year: 2024 }, 'year'],
    [
      'a missing flag',
      { ...validClaims.equity_investment_reward, capitalIncrease: undefined },
      'capitalIncrease',
    ],
  ])('refuses %s, naming the field', (_case, body, path) => {
    expect(issuePaths(body)).toContain(path);
  });

  it('names the mixed-in field itself', () => {
    const result = claimInputSchema.safeParse({ ...validClaims.grant_to_equity, investmentFen: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['investmentFen'] }),
    ]);
  });

  it('allows a loss on the transfer day itself and a loss equal to the investment', () => {
    const claim = validClaims.investment_loss_compensation;
    expect(
      claimInputSchema.safeParse({
        ...claim,
        lossDate: claim.transferDate,
        actualLossFen: claim.firstRoundInvestmentFen,
      }).success,
    ).toBe(true);
  });

  it('accepts exactly 10^13 fen', () => {
    expect(
      claimInputSchema.safeParse({ ...validClaims.grant_to_equity, requestedFen: 10_000_000_000_000 })
        .success,
    ).toBe(true);
  });
});

describe('isRealCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
  ])('%s → %s', (date, expected) => {
    expect(isRealCalendarDate(date)).toBe(expected);
  });
});

describe('claimInputSchema as JSON Schema', () => {
  it('is representable for the OpenAPI document: one strict variant per subsidy type', () => {
    const schema = z.toJSONSchema(claimInputSchema, { io: 'input' });
    const variants = z
      .array(
        z.object({
          additionalProperties: z.literal(false),
          properties: z.object({ subsidyType: z.object({ const: z.string() }) }),
        }),
      )
      .parse(schema.oneOf ?? schema.anyOf);
    expect(variants.map((variant) => variant.properties.subsidyType.const)).toEqual(Object.keys(validClaims));
  });
});

describe('claimSchemaWith', () => {
  const body = claimSchemaWith({ managerId: z.string().optional(), assessOn: z.iso.date().optional() });

  it('adds the envelope fields to every variant', () => {
    for (const claim of Object.values(validClaims)) {
      expect(body.parse({ ...claim, managerId: 'fm_1', assessOn: '2026-06-01' })).toMatchObject({
        managerId: 'fm_1',
      });
    }
  });

  it('keeps each variant strict and its own checks', () => {
    const loss = validClaims.investment_loss_compensation;
    const early = body.safeParse({ ...loss, lossDate: '2020-01-01' });
    expect(early.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['lossDate']);
    const mixed = body.safeParse({ ...validClaims.grant_to_equity, investmentFen: 1 });
    expect(mixed.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys' })]);
  });
});
