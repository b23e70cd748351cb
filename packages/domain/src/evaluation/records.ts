import * as z from 'zod';
import { withdrawalReasons } from '../events/evaluation.js';
import { expertSectorIds } from '../people.js';
import { dimensionIds, scoresSchema } from './scores.js';

/**
 * What services/evaluation stores next to the project (`PROJECT#<id>`): one review per expert ever asked and
 * one evaluation record (the panel, each choice with its explanation, later the outcome). Parsed on read.
 */
export const reviewStates = ['assigned', 'submitted', 'withdrawn'] as const;

const explanation = z.object({
  expertId: z.string(),
  decision: z.enum(['chosen', 'skipped']),
  reason: z.string(),
  skip: z.string().optional(),
  rank: z.number().optional(),
  fieldMatch: z.boolean().optional(),
  sector: z.enum(expertSectorIds).optional(),
  newSector: z.boolean().optional(),
  openReviews: z.number().optional(),
});

export const dimensionComments = z
  .strictObject(
    Object.fromEntries(dimensionIds.map((d) => [d, z.string().max(2000).optional()])) as Record<
      (typeof dimensionIds)[number],
      z.ZodOptional<z.ZodString>
    >,
  )
  .partial();

export const reviewRecord = z.object({
  projectId: z.string(),
  expertId: z.string(),
  sector: z.enum(expertSectorIds).optional(),
  state: z.enum(reviewStates),
  assignedAt: z.iso.datetime(),
  dueOn: z.iso.date(),
  /** Why this expert was chosen (the choice's line for them). */
  chosenBecause: z.string(),
  scores: scoresSchema.optional(),
  comments: dimensionComments.optional(),
  overallComment: z.string().optional(),
  revision: z.number().int().nonnegative(),
  submittedAt: z.iso.datetime().optional(),
  withdrawnAt: z.iso.datetime().optional(),
  withdrawalReason: z.enum(withdrawalReasons).optional(),
  /** What the expert said when declining, for staff. */
  withdrawalNote: z.string().optional(),
});
export type ReviewRecord = z.infer<typeof reviewRecord>;

export const evaluationStates = ['open', 'waiting', 'closed'] as const;

export const assignmentRound = z.object({
  at: z.iso.datetime(),
  needed: z.number().int().nonnegative(),
  chosen: z.array(z.string()),
  shortBy: z.number().int().nonnegative(),
  parameterVersion: z.number().int().positive(),
  /** What started this round: the project entering review, an expert added, a withdrawal. */
  trigger: z.string(),
  explanations: z.array(explanation),
});

/**
 * The panel is not kept here: it is the project's review items (assigned or submitted: on the panel; withdrawn:
 * never asked again), so a withdrawal written by the API and an assignment written by the consumer cannot
 * disagree about it.
 */
export const evaluationRecord = z.object({
  projectId: z.string(),
  state: z.enum(evaluationStates),
  rounds: z.array(assignmentRound),
  version: z.number().int().positive(),
  outcome: z.enum(['qualified', 'not_qualified', 'needs_consensus']).optional(),
  /** The computation (aggregate.ts) with the parameter version, as decided; never names who scored what. */
  decision: z.record(z.string(), z.unknown()).optional(),
  closedAt: z.iso.datetime().optional(),
});
export type EvaluationRecord = z.infer<typeof evaluationRecord>;
