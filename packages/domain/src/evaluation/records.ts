import { withdrawalReasons } from '../events/evaluation.js';
import { expertSectorIds } from '../people.js';
import * as z from '../zod.js';
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
  skip: z.optional(z.string()),
  rank: z.optional(z.number()),
  fieldMatch: z.optional(z.boolean()),
  sector: z.optional(z.enum(expertSectorIds)),
  newSector: z.optional(z.boolean()),
  openReviews: z.optional(z.number()),
});

export const dimensionComments = z.partial(
  z.strictObject(
    Object.fromEntries(
      dimensionIds.map((d) => [d, z.optional(z.string().check(z.maxLength(2000)))]),
    ) as Record<(typeof dimensionIds)[number], z.ZodMiniOptional<z.ZodMiniString<string>>>,
  ),
);

export const reviewRecord = z.object({
  projectId: z.string(),
  expertId: z.string(),
  sector: z.optional(z.enum(expertSectorIds)),
  state: z.enum(reviewStates),
  assignedAt: z.iso.datetime(),
  dueOn: z.iso.date(),
  /** Why this expert was chosen (the choice's line for them). */
  chosenBecause: z.string(),
  scores: z.optional(scoresSchema),
  comments: z.optional(dimensionComments),
  overallComment: z.optional(z.string()),
  revision: z.number().check(z.int(), z.nonnegative()),
  submittedAt: z.optional(z.iso.datetime()),
  withdrawnAt: z.optional(z.iso.datetime()),
  withdrawalReason: z.optional(z.enum(withdrawalReasons)),
  /** What the expert said when declining, for staff. */
  withdrawalNote: z.optional(z.string()),
});
export type ReviewRecord = z.infer<typeof reviewRecord>;

export const evaluationStates = ['open', 'waiting', 'closed'] as const;

export const assignmentRound = z.object({
  at: z.iso.datetime(),
  needed: z.number().check(z.int(), z.nonnegative()),
  chosen: z.array(z.string()),
  shortBy: z.number().check(z.int(), z.nonnegative()),
  parameterVersion: z.number().check(z.int(), z.positive()),
  /** What started this round: the project entering review, an expert added, a withdrawal. */
  trigger: z.string(),
  explanations: z.array(explanation),
});

export type AssignmentRound = z.infer<typeof assignmentRound>;

/**
 * One round as its own item (`keys.evaluationRound`), numbered from 1 in the order the rounds were decided. It is
 * written in the transaction that moves the record to the version that counts it, so a round exists exactly when
 * the record moved, and is never rewritten.
 */
export const evaluationRoundRecord = z.extend(assignmentRound, {
  projectId: z.string(),
  round: z.number().check(z.int(), z.positive()),
});
export type EvaluationRoundRecord = z.infer<typeof evaluationRoundRecord>;

/**
 * The panel is not kept here: it is the project's review items (assigned or submitted: on the panel; withdrawn:
 * never asked again), so a withdrawal written by the API and an assignment written by the consumer cannot
 * disagree about it. Nor are the assignment rounds: each is its own item (`evaluationRoundRecord`), since a
 * project waiting for experts goes through a round per expert added or withdrawn, and each round explains every
 * candidate of the pool; kept inline they made every write of the record dearer and would end at DynamoDB's
 * 400 KB item limit, after which the project could never be assigned again.
 */
export const evaluationRecord = z.object({
  projectId: z.string(),
  state: z.enum(evaluationStates),
  /**
   * Rounds stored inline by records written before the rounds became items (numbered 1…n); new records never
   * have it, and the next assignment moves them out (services/evaluation/items.ts `evaluationWrites`).
   */
  rounds: z.optional(z.array(assignmentRound)),
  /** How many rounds there are, inline and as items: the next round's number is this + 1. */
  roundCount: z.optional(z.number().check(z.int(), z.nonnegative())),
  version: z.number().check(z.int(), z.positive()),
  outcome: z.optional(z.enum(['qualified', 'not_qualified', 'needs_consensus'])),
  /** The computation (aggregate.ts) with the parameter version, as decided; never names who scored what. */
  decision: z.optional(z.record(z.string(), z.unknown())),
  closedAt: z.optional(z.iso.datetime()),
});
export type EvaluationRecord = z.infer<typeof evaluationRecord>;

/** The rounds a record counts, for a record written before `roundCount` too (its inline rounds). */
export const roundCountOf = (record: EvaluationRecord | undefined): number =>
  record?.roundCount ?? record?.rounds?.length ?? 0;
