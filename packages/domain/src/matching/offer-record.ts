import { evaluationMeansSchema } from '../evaluation/aggregate.js';
import { platformKindIds, stageIds } from '../vocabulary.js';
import * as z from '../zod.js';
import { offerStates } from './offer.js';

/**
 * A platform offer as services/matching stores it next to its project (`PROJECT#<id>`, `OFFER#<matchId>`),
 * with the ranking's explanation for its kind (why this platform, why the others ranked below or were
 * excluded), so staff read the decision as it was made. Parsed on read.
 */
const rankedSchema = z.object({
  platformId: z.string(),
  rank: z.number().check(z.int(), z.positive()),
  why: z.string(),
});
const excludedSchema = z.object({ platformId: z.string(), reason: z.string(), why: z.string() });

export const offerExplanationSchema = z.object({
  ranked: z.array(rankedSchema),
  excluded: z.array(excludedSchema),
  parameterVersion: z.number().check(z.int(), z.positive()),
});

export const offerRecordSchema = z.object({
  matchId: z.string().check(z.minLength(1)),
  projectId: z.string().check(z.minLength(1)),
  platformId: z.string().check(z.minLength(1)),
  /** The platform's profile id (`plt_…`): its item holds the open-offer counter. */
  platformProfileId: z.string().check(z.minLength(1)),
  kind: z.enum(platformKindIds),
  stage: z.enum(stageIds),
  state: z.enum(Object.keys(offerStates) as [keyof typeof offerStates, ...(keyof typeof offerStates)[]]),
  offeredAt: z.iso.datetime(),
  respondBy: z.iso.date(),
  /** The evaluation's means, kept so the next platform's offer (after a decline or expiry) can carry them. */
  means: evaluationMeansSchema,
  answeredAt: z.optional(z.iso.datetime()),
  reason: z.optional(z.string()),
  /** Staff released the accepted offer (`match_released`): when and why; `answeredAt`/`reason` stay the platform's. */
  releasedAt: z.optional(z.iso.datetime()),
  releaseReason: z.optional(z.string()),
  explanation: offerExplanationSchema,
});
export type OfferRecord = z.infer<typeof offerRecordSchema>;
