import { type ClaimInput, claimInputSchema, subsidyReasonCodes, subsidyTypeIds } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { parseStored } from './stored.js';

/**
 * A subsidy claim as stored (one item, `keys.subsidyClaim`). Read back with this schema, never cast. The
 * assessment is the rules engine's (packages/domain/src/subsidy/assess.ts), kept whole so the claim's page shows
 * the very trace, reasons and cap effects the reservation was made with.
 */
export const claimStatuses = ['received', 'computed', 'ineligible', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export const reasonSchema = z.object({
  code: z.enum(subsidyReasonCodes),
  clause: z.string(),
  zh: z.string(),
  en: z.string(),
});

export const traceStepSchema = z.object({
  step: z.string(),
  clause: z.string(),
  zh: z.string(),
  en: z.string(),
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  resultFen: z.number().check(z.int()),
});

export const capEffectSchema = z.object({
  key: z.string(),
  clause: z.string(),
  limitFen: z.number().check(z.int()),
  usedBeforeFen: z.number().check(z.int()),
  usedAfterFen: z.number().check(z.int()),
});

export const assessmentSchema = z.object({
  outcome: z.enum(['computed', 'ineligible']),
  awardFen: z.number().check(z.int(), z.gte(0)),
  reasons: z.array(reasonSchema),
  trace: z.array(traceStepSchema),
  caps: z.array(capEffectSchema),
  shares: z.optional(
    z.object({ cityFen: z.number().check(z.int()), eastLakeHitechFen: z.number().check(z.int()) }),
  ),
});

export const decisionSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});

export const claimRecordSchema = z.object({
  claimId: z.string(),
  subsidyType: z.enum(subsidyTypeIds),
  status: z.enum(claimStatuses),
  input: claimInputSchema,
  managerId: z.optional(z.string()),
  projectId: z.optional(z.string()),
  assessOn: z.iso.date(),
  filedBy: z.object({ role: z.string(), id: z.string() }),
  filedAt: z.string(),
  correlationId: z.string(),
  assessment: z.optional(assessmentSchema),
  assessedAt: z.optional(z.string()),
  decision: z.optional(decisionSchema),
});
export type ClaimRecord = z.infer<typeof claimRecordSchema>;
export type StoredAssessment = z.infer<typeof assessmentSchema>;

/** The project a claim names, whatever its type (the claim's events and listings carry it). */
export function projectOf(input: ClaimInput): string | undefined {
  return 'projectId' in input && typeof input.projectId === 'string' ? input.projectId : undefined;
}

/** The enterprise an investment claim names (first-investment check, the incubated-enterprise fact). */
export function creditCodeOf(input: ClaimInput): string | undefined {
  return 'enterpriseCreditCode' in input && typeof input.enterpriseCreditCode === 'string'
    ? input.enterpriseCreditCode
    : undefined;
}

/**
 * Item attributes that are not the record (keys, entity): stripped before parsing. A stored claim that fails its
 * schema is an UnreadableStoredItemError naming its key and the failing fields (stored.ts says who makes what of it).
 */
export function recordOfItem(item: Record<string, unknown>): ClaimRecord {
  return parseStored(claimRecordSchema, item, 'subsidy claim');
}
