import {
  claimSchemaWith,
  exampleClaims,
  isRealCalendarDate,
  subsidyReasonCodes,
  subsidyTypeIds,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { pageOf, pageQuery, reasonText } from './common.js';
import { defineOperations } from './operation.js';

/**
 * Subsidy claims over HTTP (services/subsidy, issue 11 points 2–7). A claim is filed (202), assessed by the
 * subsidy consumer (received → computed with its award reserved against every cap it touches, or ineligible
 * with its reasons), then approved or rejected by staff (a rejection releases the reservation).
 */
const claimId = z.string().check(z.regex(/^sbc_[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a subsidy claim id'));
export const subsidyClaimPath = z.strictObject({ claimId });

const managerIdField = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(100),
    z.describe(
      'Staff: the fund manager (profile id) an equity reward or loss compensation is for. A fund manager files ' +
        'for itself: naming another manager is 403.',
    ),
  );
const assessOnField = z.iso
  .date('A calendar date, YYYY-MM-DD')
  .check(
    z.refine(isRealCalendarDate, 'No such day in the calendar'),
    z.describe(
      'Staff only: the assessment date (default today in Asia/Shanghai, which is also the latest); the rules in ' +
        'force on it apply',
    ),
  );

/** The envelope every claim type shares; the claim's own fields are the rules engine's (claimInputSchema). */
const envelope = { managerId: z.optional(managerIdField), assessOn: z.optional(assessOnField) };

export const subsidyClaimBody = claimSchemaWith(envelope);
export type SubsidyClaimBody = z.infer<typeof subsidyClaimBody>;

export const claimStatusIds = ['received', 'computed', 'ineligible', 'approved', 'rejected'] as const;

const reasonView = z.object({
  code: z.enum(subsidyReasonCodes).check(z.describe('Stable reason code (the rules engine’s list)')),
  clause: z.string(),
  zh: z.string(),
  en: z.string(),
});
const traceStepView = z.object({
  step: z.string(),
  clause: z.string(),
  zh: z.string(),
  en: z.string(),
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  resultFen: z.number().check(z.int()),
});
const capEffectView = z.object({
  key: z.string(),
  clause: z.string(),
  limitFen: z.number().check(z.int()),
  usedBeforeFen: z.number().check(z.int()),
  usedAfterFen: z.number().check(z.int()),
});

export const subsidyClaimView = z.object({
  claimId: z.string(),
  subsidyType: z.enum(subsidyTypeIds),
  status: z.enum(claimStatusIds),
  managerId: z.optional(z.string()),
  projectId: z.optional(z.string()),
  assessOn: z.iso.date(),
  filedAt: z.iso.datetime(),
  filedBy: z.object({ role: z.string(), id: z.string() }),
  claim: z.record(z.string(), z.unknown()).check(z.describe('The claim as filed (its type-specific fields)')),
  awardFen: z
    .optional(z.number().check(z.int(), z.gte(0)))
    .check(z.describe('Once assessed: the award reserved, integer fen')),
  reasons: z
    .array(reasonView)
    .check(z.describe('Why ineligible, or what bound the award (e.g. cap_used_up)')),
  trace: z
    .array(traceStepView)
    .check(z.describe('Every computation step with its clause, inputs and result')),
  caps: z
    .array(capEffectView)
    .check(z.describe('Each cap the claim touched: its limit, used before and after')),
  shares: z
    .optional(z.object({ cityFen: z.number().check(z.int()), eastLakeHitechFen: z.number().check(z.int()) }))
    .check(z.describe('center_operating_fund: the city’s and 东湖高新区’s shares')),
  decision: z.optional(
    z.object({
      decision: z.enum(['approved', 'rejected']),
      reason: z.string(),
      by: z.string(),
      at: z.iso.datetime(),
    }),
  ),
});

export const subsidyClaimsQuery = z.extend(pageQuery, {
  status: z.optional(z.enum(claimStatusIds)),
  subsidyType: z.optional(z.enum(subsidyTypeIds)),
});

export const approvalBody = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  reason: reasonText().check(z.describe('Why (kept with the claim and told to its filer)')),
});

export const subsidyRulesView = z.object({
  date: z.iso.date().check(z.describe('The day (Asia/Shanghai) whose rules and parameters these are')),
  parameterVersion: z
    .number()
    .check(z.int(), z.describe('The version of the subsidy parameters in force that day')),
  validFrom: z.iso.date(),
  rules: z.array(
    z.object({
      subsidyType: z.enum(subsidyTypeIds),
      clause: z.string(),
      zh: z.string(),
      en: z.string(),
      parameters: z.array(
        z.object({
          path: z.string().check(z.describe('Dotted path in the subsidy parameter set')),
          clause: z.string(),
          description: z.optional(z.string()),
          value: z
            .unknown()
            .check(z.describe('An amount in fen, a rate in basis points, a count, or the prize table')),
        }),
      ),
    }),
  ),
});

export const capsPath = z.strictObject({
  managerId: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
});
export const capsQuery = z.strictObject({
  year: z
    .optional(z.coerce.number().check(z.int(), z.gte(2025), z.lte(2100)))
    .check(z.describe('Calendar year (default: this year, Asia/Shanghai)')),
});
/** Why a cap without a year has no headroom once one claim holds an award against it (§二(七)). */
export const capExhaustionIds = ['first_investment_only', 'compensated_once'] as const;
export type CapExhaustion = (typeof capExhaustionIds)[number];

export const capsView = z.object({
  managerId: z.string(),
  year: z.number().check(z.int()),
  caps: z.array(
    z.object({
      key: z.string(),
      clause: z.string(),
      limitFen: z.number().check(z.int()),
      usedFen: z.number().check(z.int()),
      headroomFen: z.number().check(z.int(), z.gte(0)),
      exhaustedBy: z
        .optional(z.enum(capExhaustionIds))
        .check(
          z.describe(
            'Why headroom is 0 although used < limit: the cap takes one award only (first investment only; ' +
              'one compensation per manager and project), and a claim already holds it',
          ),
        ),
    }),
  ),
});

export const subsidyOperations = defineOperations({
  'POST /v1/subsidy-claims': {
    operationId: 'fileSubsidyClaim',
    roles: ['staff', 'fund_manager'],
    summary:
      'File a subsidy claim (§二(五)(七)(八)(一)); it is assessed and its award reserved asynchronously',
    description:
      'A fund manager files an equity investment reward or a loss compensation for itself (another type, ' +
      'another manager, or assessOn: 403 naming the field). Staff file any type, naming managerId where the ' +
      'type has a manager, and may set assessOn (not after today in Asia/Shanghai, nor before 2025-01-25: 400). ' +
      'No subsidy parameters in force on the assessment date: 422 on assessOn. Answers 202 with the claim id; ' +
      'read the claim for its result.',
    tags: ['subsidy'],
    body: subsidyClaimBody,
    idempotent: true,
    problems: ['unprocessable'],
    examples: { equityInvestmentReward: exampleClaims.equity_investment_reward },
    responses: {
      '202': {
        description: 'Filed; the assessment follows',
        schema: z.object({ claimId: z.string() }),
      },
    },
  },
  'GET /v1/subsidy-claims/{claimId}': {
    operationId: 'getSubsidyClaim',
    roles: ['staff', 'fund_manager'],
    summary: 'A claim with its status, award, trace, reasons and cap effects (its filer and staff)',
    description: 'Anyone but staff, the filer and the fund manager it is for gets 404.',
    tags: ['subsidy'],
    params: subsidyClaimPath,
    responses: { '200': { description: 'The claim', schema: subsidyClaimView } },
  },
  'GET /v1/subsidy-claims': {
    operationId: 'listSubsidyClaims',
    roles: ['staff', 'fund_manager'],
    summary: 'Claims, newest first, by status and type (staff all; a fund manager its own)',
    tags: ['subsidy'],
    query: subsidyClaimsQuery,
    responses: { '200': { description: 'A page of claims', schema: pageOf(subsidyClaimView) } },
  },
  'POST /v1/subsidy-claims/{claimId}/approval': {
    operationId: 'decideSubsidyClaim',
    roles: ['staff'],
    summary: 'Approve a computed claim, or reject it and release its reservation from every cap (staff)',
    description:
      'Only a `computed` claim can be decided: any other status is 409. Four eyes: the staff member who filed a claim may not approve it (403).',
    tags: ['subsidy'],
    params: subsidyClaimPath,
    body: approvalBody,
    idempotent: true,
    problems: ['conflict', 'concurrent-update'],
    responses: { '200': { description: 'The claim as decided', schema: subsidyClaimView } },
  },
  'GET /v1/subsidy-rules': {
    operationId: 'getSubsidyRules',
    roles: ['staff', 'partner', 'commissioner', 'expert', 'platform', 'fund_manager'],
    summary: 'The subsidy rules and parameters in force today, each with its clause (any key)',
    tags: ['subsidy'],
    responses: { '200': { description: 'The rules in force', schema: subsidyRulesView } },
  },
  'GET /v1/caps/{managerId}': {
    operationId: 'getManagerCaps',
    roles: ['staff', 'fund_manager'],
    summary: "A fund manager's caps for a year: limit, used, headroom (the manager itself and staff)",
    description: 'Another fund manager gets 404.',
    tags: ['subsidy'],
    params: capsPath,
    query: capsQuery,
    responses: { '200': { description: 'The caps', schema: capsView } },
  },
});
