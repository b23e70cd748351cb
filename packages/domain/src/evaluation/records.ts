import { withdrawalReasons } from '../events/evaluation.js';
import { expertSectorIds } from '../people.js';
import * as z from '../zod.js';
import { atCapacityReason, skipReasonTexts } from './assignment.js';
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

type FixedSkip = keyof typeof skipReasonTexts;
const fixedSkips = /* @__PURE__ */ Object.keys(skipReasonTexts) as [FixedSkip, ...FixedSkip[]];

/**
 * One round as its own item (`keys.evaluationRound`), numbered from 1 in the order the rounds were decided. It is
 * written in the transaction that moves the record to the version that counts it, so a round exists exactly when
 * the record moved, and is never rewritten. Stored compact (`compactRound`): a round explains every candidate of
 * the pool, and most lines are a skip rule's fixed text, so those are kept as the expert's id under the rule
 * (`skippedBy`; at capacity: the id and the load, `atCapacity`) and `explanations` holds the other lines (the
 * chosen); `expandRound` gives the round back line for line, in candidate id order, as it was decided.
 */
export const evaluationRoundRecord = z.extend(assignmentRound, {
  projectId: z.string(),
  round: z.number().check(z.int(), z.positive()),
  skippedBy: z.optional(z.partialRecord(z.enum(fixedSkips), z.array(z.string()))),
  /** Experts skipped at capacity: their open reviews by id (the one thing their line says beyond the rule). */
  atCapacity: z.optional(z.record(z.string(), z.number().check(z.int(), z.nonnegative()))),
});
export type EvaluationRoundRecord = z.infer<typeof evaluationRoundRecord>;
type StoredRound = Omit<EvaluationRoundRecord, 'projectId' | 'round'>;
type Line = AssignmentRound['explanations'][number];

/** Code-unit order, as `chooseExperts` lists its lines. */
const byExpertId = (a: Line, b: Line) => (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0);

/** A skipped line that is exactly its rule's text (at capacity: for the load it names), and nothing else. */
function compactSkipOf(line: Line): FixedSkip | { openReviews: number } | undefined {
  const { expertId: _, decision, skip, reason, ...rest } = line;
  if (decision !== 'skipped' || skip === undefined || Object.keys(rest).length > 0) return undefined;
  if (skip === 'at_capacity') {
    const load = Number(/^(\d+) open reviews/.exec(reason)?.[1]);
    return Number.isSafeInteger(load) && reason === atCapacityReason(load)
      ? { openReviews: load }
      : undefined;
  }
  return skip in skipReasonTexts && reason === skipReasonTexts[skip as FixedSkip]
    ? (skip as FixedSkip)
    : undefined;
}

/**
 * A round as stored. Only a round whose lines are in candidate id order (as `chooseExperts` lists them) is made
 * compact, since `expandRound` puts them back in that order; any other is stored as it is.
 */
export function compactRound(round: AssignmentRound): StoredRound {
  const lines = round.explanations;
  if (lines.some((line, i) => i > 0 && byExpertId(lines[i - 1] as Line, line) >= 0)) return round;
  const skippedBy: Partial<Record<FixedSkip, string[]>> = {};
  const atCapacity: Record<string, number> = {};
  const kept: Line[] = [];
  for (const line of lines) {
    const skip = compactSkipOf(line);
    if (typeof skip === 'string') skippedBy[skip] = [...(skippedBy[skip] ?? []), line.expertId];
    else if (skip) atCapacity[line.expertId] = skip.openReviews;
    else kept.push(line);
  }
  return {
    ...round,
    explanations: kept,
    ...(Object.keys(skippedBy).length > 0 ? { skippedBy } : {}),
    ...(Object.keys(atCapacity).length > 0 ? { atCapacity } : {}),
  };
}

/** The round as it was decided, from what `compactRound` stored (a round stored whole is given back as is). */
export function expandRound(stored: StoredRound): AssignmentRound {
  const { at, needed, chosen, shortBy, parameterVersion, trigger } = stored;
  const skipped = Object.entries(stored.skippedBy ?? {}).flatMap(([skip, ids]) =>
    (ids ?? []).map(
      (expertId): Line => ({
        expertId,
        decision: 'skipped',
        skip,
        reason: skipReasonTexts[skip as FixedSkip],
      }),
    ),
  );
  const atCapacity = Object.entries(stored.atCapacity ?? {}).map(
    ([expertId, openReviews]): Line => ({
      expertId,
      decision: 'skipped',
      skip: 'at_capacity',
      reason: atCapacityReason(openReviews),
    }),
  );
  const explanations =
    skipped.length + atCapacity.length > 0
      ? [...stored.explanations, ...skipped, ...atCapacity].sort(byExpertId)
      : stored.explanations;
  return { at, needed, chosen, shortBy, parameterVersion, trigger, explanations };
}

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
   * Rounds stored inline by records written before the rounds became items (or by that release during a deploy
   * or after a rollback); the next assignment moves them out (services/evaluation/items.ts `evaluationWrites`,
   * numbered by `roundNumbers`). Written empty by this release, since the one before requires it; absent only on
   * records this release wrote before it did so.
   */
  rounds: z.optional(z.array(assignmentRound)),
  /** How many rounds there are, inline and as items: the next round's number is this + 1. */
  roundCount: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** The number of the first inline round, where inline rounds that could not move out are not rounds 1…n. */
  inlineFrom: z.optional(z.number().check(z.int(), z.positive())),
  version: z.number().check(z.int(), z.positive()),
  outcome: z.optional(z.enum(['qualified', 'not_qualified', 'needs_consensus'])),
  /** The computation (aggregate.ts) with the parameter version, as decided; never names who scored what. */
  decision: z.optional(z.record(z.string(), z.unknown())),
  closedAt: z.optional(z.iso.datetime()),
});
export type EvaluationRecord = z.infer<typeof evaluationRecord>;
