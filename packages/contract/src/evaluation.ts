import {
  dimensionComments,
  dimensionIds,
  evaluationOutcomes,
  scoresSchema,
  stageIds,
  techFieldIds,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { reasonText } from './common.js';
import { projectPath } from './intake.js';
import { defineOperations } from './operation.js';

/**
 * §二(四) evaluation over HTTP (services/evaluation): an expert's reviews, their list of assigned projects,
 * staff's consensus decision and the evaluation record. The scale (0–5 in steps of 0.5 by default) is a dated
 * parameter, so the schema checks the shape (all seven dimensions, nothing else) and the handler the scale.
 */
// Domain schemas: only what both zod APIs have (`check`, `z.optional`), whichever the domain's are built with.
const scores = scoresSchema.check(
  z.describe(
    `One score per dimension (${dimensionIds.join(', ')}), on the scale in force (default 0–5 in steps of 0.5)`,
  ),
);

export const reviewBody = z.strictObject({
  scores,
  comments: z.optional(dimensionComments).check(z.describe('A comment per dimension, any of them')),
  overallComment: z.optional(z.string().check(z.trim(), z.maxLength(4000))),
  conflictOfInterest: z
    .boolean()
    .check(
      z.describe('true: the expert has a conflict of interest, withdraws, and a replacement is assigned'),
    ),
});
export type ReviewBody = z.infer<typeof reviewBody>;

export const declineBody = z.strictObject({
  reason: z.optional(reasonText()),
});

export const decisionBody = z.strictObject({
  outcome: z.enum(['qualified', 'not_qualified']),
  reason: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(4000),
      z.describe('Why staff decided so (kept in the evaluation record)'),
    ),
});

const means = z
  .record(z.string(), z.number())
  .check(z.describe('Per-dimension means and `overall`, the weighted overall mean'));

export const reviewView = z.object({
  projectId: z.string(),
  state: z.enum(['assigned', 'submitted', 'withdrawn']),
  revision: z.number().check(z.int()),
  dueOn: z.iso.date(),
  submittedAt: z.optional(z.iso.datetime()),
});

export const assignedReview = z.object({
  projectId: z.string(),
  title: z.string(),
  summary: z.string(),
  techField: z.enum(techFieldIds),
  stage: z.enum(stageIds),
  trl: z.optional(z.number().check(z.int())),
  attachments: z.optional(z.array(z.object({ name: z.string(), url: z.string() }))),
  dueOn: z.iso.date(),
  state: z.enum(['assigned', 'submitted']),
  evaluationClosed: z.boolean(),
  /** The expert's own review only: never another expert's scores. */
  myReview: z.optional(
    z.object({
      scores: scoresSchema,
      comments: z.optional(dimensionComments),
      overallComment: z.optional(z.string()),
      revision: z.number().check(z.int()),
      submittedAt: z.optional(z.iso.datetime()),
    }),
  ),
});

export const assignedReviewsView = z.object({ items: z.array(assignedReview) });

export const evaluationView = z.object({
  projectId: z.string(),
  state: z.enum(['open', 'waiting', 'closed']),
  outcome: z.optional(z.enum(evaluationOutcomes)),
  means: z.optional(means),
  decidedBy: z.optional(z.enum(['evaluation_outcome', 'consensus_decision'])),
  /** Staff and the commissioner only from here on. */
  parameterVersion: z.optional(z.number().check(z.int())),
  computation: z
    .optional(z.record(z.string(), z.unknown()))
    .check(z.describe('Every dimension: scores, sum, mean, spread, test')),
  reviews: z.optional(
    z.array(
      z.object({
        expertId: z.string(),
        state: z.string(),
        scores: z.optional(scoresSchema),
        comments: z.optional(dimensionComments),
        overallComment: z.optional(z.string()),
        revision: z.number().check(z.int()),
        submittedAt: z.optional(z.string()),
        withdrawalReason: z.optional(z.string()),
      }),
    ),
  ),
  rounds: z
    .optional(z.array(z.record(z.string(), z.unknown())))
    .check(
      z.describe(
        'Assignment rounds with their explanations, oldest first: the latest 50 (below roundsBefore when given), ' +
          'fewer when their explanation lines would pass 5,000 (the newest is always answered); roundCount says how many in all',
      ),
    ),
  roundCount: z
    .optional(z.number().check(z.int()))
    .check(
      z.describe(
        "The newest assignment round's number: how many rounds in all, unless writes of an older release left a gap",
      ),
    ),
  olderRoundsBefore: z
    .optional(z.number().check(z.int()))
    .check(
      z.describe(
        'Present when older rounds were left out: the number of the oldest round answered; pass it as roundsBefore',
      ),
    ),
  consensus: z.optional(z.record(z.string(), z.unknown())),
});

export const evaluationQuery = z.strictObject({
  roundsBefore: z
    .optional(z.coerce.number().check(z.int(), z.gte(2), z.lte(1_000_000)))
    .check(
      z.describe('Only the assignment rounds numbered below this (olderRoundsBefore of the previous answer)'),
    ),
});

export const stageBody = z.strictObject({
  stage: z
    .enum(stageIds)
    .check(z.describe('The final stage: gestation (TRL 1–3), sprouting (4–6), growth (7–9)')),
  reason: reasonText(),
});

export const stageView = z.object({
  projectId: z.string(),
  stage: z.enum(stageIds),
  declaredStage: z.enum(stageIds),
  trl: z.optional(z.number().check(z.int())),
  stageTrlMismatch: z
    .boolean()
    .check(z.describe('The declared stage disagreed with the TRL bands (kept as flagged)')),
});

export const evaluationOperations = defineOperations({
  'POST /v1/projects/{id}/stage': {
    operationId: 'setFinalStage',
    roles: ['staff'],
    summary: "Set a project's final stage, e.g. where the declared stage disagrees with its TRL (staff)",
    tags: ['evaluation'],
    params: projectPath,
    body: stageBody,
    idempotent: true,
    problems: ['concurrent-update'],
    responses: { '200': { description: 'The stage as set', schema: stageView } },
  },
  'POST /v1/projects/{id}/reviews': {
    operationId: 'submitReview',
    roles: ['expert'],
    summary: 'Submit or revise your review of a project assigned to you (expert)',
    description:
      'All seven dimensions on the scale in force (off the scale: 400 naming body.scores.<dimension>). A project ' +
      'not assigned to you: 404. After the evaluation closed: 409. Two submissions at once: one counts, the other ' +
      '409. conflictOfInterest true withdraws you and a replacement is assigned.',
    tags: ['evaluation'],
    params: projectPath,
    body: reviewBody,
    idempotent: true,
    problems: ['conflict', 'concurrent-update'],
    responses: { '200': { description: 'Your review as recorded', schema: reviewView } },
  },
  'POST /v1/projects/{id}/reviews/decline': {
    operationId: 'declineReview',
    roles: ['expert'],
    summary: 'Decline a review assigned to you; a replacement is assigned (expert)',
    tags: ['evaluation'],
    params: projectPath,
    body: declineBody,
    idempotent: true,
    problems: ['conflict', 'concurrent-update'],
    responses: { '200': { description: 'Withdrawn', schema: reviewView } },
  },
  'GET /v1/reviews/assigned': {
    operationId: 'listAssignedReviews',
    roles: ['expert'],
    summary: 'The projects assigned to you, with what you need to score them (expert)',
    tags: ['evaluation'],
    responses: { '200': { description: 'Your assigned reviews', schema: assignedReviewsView } },
  },
  'POST /v1/projects/{id}/decision': {
    operationId: 'decideByConsensus',
    roles: ['staff'],
    summary: 'Decide a project the experts disagreed on (staff)',
    tags: ['evaluation'],
    params: projectPath,
    body: decisionBody,
    idempotent: true,
    problems: ['invalid-transition', 'conflict', 'concurrent-update'],
    responses: { '200': { description: 'The evaluation record', schema: evaluationView } },
  },
  'GET /v1/projects/{id}/evaluation': {
    operationId: 'getEvaluation',
    roles: ['staff', 'commissioner', 'partner'],
    summary:
      "A project's evaluation: staff and the district's commissioner see all; recommending partners the outcome and means",
    tags: ['evaluation'],
    params: projectPath,
    query: evaluationQuery,
    responses: { '200': { description: 'The evaluation record', schema: evaluationView } },
  },
});
