import { offerExplanationSchema, platformKindIds, stageIds } from '@wuhan/domain';
import { z } from 'zod';
import { defineOperations } from './operation.js';

/**
 * Matching over HTTP (services/matching, issue 10 point 4): the offered platform accepts or declines its offer;
 * staff read a project's offers with the ranking's explanation. An offer of another platform is a 404 (its
 * existence is not the caller's business); a second answer, or one after expiry, is a 409.
 */
export const matchPath = z.strictObject({
  matchId: z.string().regex(/^mat_[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a match id'),
});

export const answerBody = z.strictObject({
  reason: z.string().trim().min(1).max(2000).optional().describe('Why (kept with the offer)'),
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
  answeredAt: z.iso.datetime().optional(),
  reason: z.string().optional(),
  explanation: offerExplanationSchema
    .optional()
    .describe('Staff only: each eligible platform ranked with why, each excluded platform with why'),
});

export const offersView = z.object({ items: z.array(offerView) });

export const matchesQuery = z.strictObject({
  projectId: z
    .string()
    .regex(/^prj_[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a project id')
    .optional(),
  platformId: z.string().min(1).max(100).optional().describe('Staff: one platform only'),
  state: z.enum(['offered', 'accepted', 'declined', 'expired', 'released']).optional(),
  kind: z.enum(platformKindIds).optional(),
});

const answer = (decision: 'accept' | 'decline') => ({
  operationId: `${decision}Match`,
  roles: ['platform'] as const,
  summary:
    decision === 'accept'
      ? 'Accept a project offered to your platform: the project is matched (platform)'
      : 'Decline a project offered to your platform: the next platform is offered it (platform)',
  description:
    'Only the platform the offer was made to (another platform: 404). A second answer, or an answer after the ' +
    'offer expired: 409.',
  tags: ['matching'],
  params: matchPath,
  body: answerBody,
  idempotent: true,
  problems: ['conflict', 'invalid-transition', 'concurrent-update'] as const,
  responses: { '200': { description: 'The offer as answered', schema: offerView } },
});

export const matchingOperations = defineOperations({
  'POST /v1/matches/{matchId}/accept': answer('accept'),
  'POST /v1/matches/{matchId}/decline': answer('decline'),
  'GET /v1/matches': {
    operationId: 'listMatches',
    roles: ['staff', 'platform'],
    summary:
      "Offers: a platform its own; staff all, with the ranking's explanation (filters: project, platform, state, kind)",
    description:
      "A project's offers come oldest first; every other listing newest first. Only staff see the explanation.",
    tags: ['matching'],
    query: matchesQuery,
    responses: { '200': { description: 'The offers', schema: offersView } },
  },
});
