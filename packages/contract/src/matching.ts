import { offerExplanationSchema, platformKindIds, stageIds } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { pageOf, pageQuery, reasonText } from './common.js';
import { defineOperations } from './operation.js';

/**
 * Matching over HTTP (services/matching, issue 10 point 4): the offered platform decides on its offer (one route,
 * the decision in the body); staff release an accepted match; platforms list their own offers, staff all of them
 * with the ranking's explanation. An offer of another platform is a 404 (its
 * existence is not the caller's business); a second answer, or one after expiry, is a 409.
 */
export const matchPath = z.strictObject({
  matchId: z.string().check(z.regex(/^mat_[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a match id')),
});

/** A platform's answer to its offer (issue 10 point 4): one route, the decision in the body. */
export const matchDecisionBody = z.strictObject({
  decision: z
    .enum(['accepted', 'declined'])
    .check(z.describe('accepted: the project is matched; declined: the next platform is offered it')),
  reason: z.optional(reasonText()).check(z.describe('Why (kept with the offer)')),
});

/** Staff end an accepted match before incubation: the reason is required (it is the match's history). */
export const releaseBody = z.strictObject({
  reason: reasonText().check(z.describe('Why the accepted match ends (kept with the offer)')),
});

export const offerView = z.object({
  matchId: z.string(),
  projectId: z.string(),
  platformId: z.string(),
  kind: z.enum(platformKindIds),
  stage: z.enum(stageIds),
  state: z.enum(['offered', 'accepted', 'declined', 'expired', 'released']),
  offeredAt: z.iso.datetime(),
  respondBy: z.iso.date(),
  answeredAt: z.optional(z.iso.datetime()),
  reason: z.optional(z.string()),
  releasedAt: z.optional(z.iso.datetime()),
  releaseReason: z.optional(z.string()),
  explanation: z
    .optional(offerExplanationSchema)
    .check(z.describe('Staff only: each eligible platform ranked with why, each excluded platform with why')),
});

export const offersView = pageOf(offerView);

export const matchesQuery = z.extend(pageQuery, {
  projectId: z
    .optional(z.string().check(z.regex(/^prj_[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a project id')))
    .check(z.describe("One project's offers, whole and oldest first (a handful; no cursor)")),
  platformId: z
    .optional(z.string().check(z.minLength(1), z.maxLength(100)))
    .check(z.describe('Staff: one platform only')),
  state: z.optional(z.enum(['offered', 'accepted', 'declined', 'expired', 'released'])),
  kind: z.optional(z.enum(platformKindIds)),
});

export const matchingOperations = defineOperations({
  'POST /v1/matches/{matchId}/decision': {
    operationId: 'decideMatch',
    roles: ['platform'],
    summary:
      'Accept or decline a project offered to your platform: accepted, the project is matched; declined, the next platform is offered it (platform)',
    description:
      'Only the platform the offer was made to (another platform: 404). A second decision, or a decision after the ' +
      'offer expired: 409. An unknown decision: 400 naming `body.decision`.',
    tags: ['matching'],
    params: matchPath,
    body: matchDecisionBody,
    idempotent: true,
    problems: ['conflict', 'invalid-transition', 'concurrent-update'] as const,
    responses: { '200': { description: 'The offer as decided', schema: offerView } },
  },
  'POST /v1/matches/{matchId}/release': {
    operationId: 'releaseMatch',
    roles: ['staff'],
    summary:
      "End an accepted match before incubation: the platform's place is free, the project is qualified again and offered to the next platform of that kind (staff)",
    description:
      'Only an accepted offer of a project that is still matched (not incubating or landed): otherwise 409. The ' +
      'reason is required and kept with the offer.',
    tags: ['matching'],
    params: matchPath,
    body: releaseBody,
    idempotent: true,
    problems: ['conflict', 'invalid-transition', 'concurrent-update'] as const,
    responses: { '200': { description: 'The offer as released', schema: offerView } },
  },
  'GET /v1/matches': {
    operationId: 'listMatches',
    roles: ['staff', 'platform'],
    summary:
      "Offers: a platform its own; staff all, with the ranking's explanation (filters: project, platform, state, kind; paged)",
    description:
      'Newest first, `limit` a page, `cursor` for the next (only for the listing that issued it). With `projectId`, ' +
      "that project's offers come whole, oldest first. Only staff see the explanation.",
    tags: ['matching'],
    query: matchesQuery,
    responses: { '200': { description: 'The offers', schema: offersView } },
  },
});
