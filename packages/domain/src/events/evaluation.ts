import { evaluationMeansSchema } from '../evaluation/aggregate.js';
import { districtIds, stageIds, techFieldIds } from '../vocabulary.js';
import * as z from '../zod.js';
import { eventData } from './definition.js';

/**
 * §二(四) evaluation (services/evaluation). Assignment, reviews and the outcome; each carries what its emails
 * say (title, district) so notification reads no project item for the usual case.
 */
const id = /* @__PURE__ */ eventData(() => z.string().check(z.minLength(1)));
const calendarDate = /* @__PURE__ */ eventData(() => z.iso.date());
const district = /* @__PURE__ */ eventData(() => z.enum(districtIds));
const techField = /* @__PURE__ */ eventData(() => z.enum(techFieldIds));
const stage = /* @__PURE__ */ eventData(() => z.enum(stageIds));

/** Why an expert left a panel, so a replacement is chosen. */
export const withdrawalReasons = ['declined', 'conflict_of_interest', 'overdue'] as const;

const projectNames = /* @__PURE__ */ eventData(() => ({
  projectId: id,
  title: z.string().check(z.minLength(1)),
  district,
}));

/** Experts newly put on a project's panel; notification emails each (`expertIds`). */
export const evaluationAssigned = /* @__PURE__ */ eventData(() =>
  z.object({
    ...projectNames,
    techField,
    expertIds: z.array(id).check(z.minLength(1)),
    /** The last day to submit (Asia/Shanghai). */
    dueOn: calendarDate,
    /** The expert being replaced, when this is a replacement. */
    replacing: z.optional(id),
    parameterVersion: z.number().check(z.int(), z.positive()),
  }),
);

/** Too few eligible experts: the project waits, staff are emailed, assignment resumes when an expert is added. */
export const evaluationWaitingForExperts = /* @__PURE__ */ eventData(() =>
  z.object({
    ...projectNames,
    techField,
    needed: z.number().check(z.int(), z.positive()),
    shortBy: z.number().check(z.int(), z.positive()),
  }),
);

/** A review deadline fired (deadline payload: project and expert); `expertIds` addresses the reminder. */
const reviewDeadline = /* @__PURE__ */ eventData(() => ({
  deadlineId: id,
  dueAt: z.iso.datetime(),
  ...projectNames,
  expertId: id,
  expertIds: z.array(id).check(z.length(1)),
  dueOn: calendarDate,
}));
export const evaluationReviewDue = /* @__PURE__ */ eventData(() => z.object(reviewDeadline));
export const evaluationReviewOverdue = /* @__PURE__ */ eventData(() => z.object(reviewDeadline));

export const evaluationReviewSubmitted = /* @__PURE__ */ eventData(() =>
  z.object({
    projectId: id,
    expertId: id,
    /** 1 for the first submission, +1 for each revision. */
    revision: z.number().check(z.int(), z.positive()),
  }),
);

/** The expert left the panel (declined, declared a conflict); the evaluation consumer assigns a replacement. */
export const evaluationReviewWithdrawn = /* @__PURE__ */ eventData(() =>
  z.object({
    projectId: id,
    expertId: id,
    reason: z.enum(withdrawalReasons),
    /** What the expert said when declining (optional), for staff. */
    note: z.optional(z.string().check(z.minLength(1))),
  }),
);

const means = evaluationMeansSchema;

/** The evaluation's outcome: what matching needs (stage, field, district, means), and who decided. */
const outcome = /* @__PURE__ */ eventData(() => ({
  ...projectNames,
  stage,
  techField,
  means,
  parameterVersion: z.number().check(z.int(), z.positive()),
  /** `evaluation_outcome` (the experts' scores decided) or `consensus_decision` (staff decided). */
  decidedBy: z.enum(['evaluation_outcome', 'consensus_decision']),
  reason: z.optional(z.string().check(z.minLength(1))),
  commissionerId: z.optional(id),
  /** The recommending partners, told the outcome. */
  partnerIds: z.optional(z.array(id)),
}));
export const projectQualified = /* @__PURE__ */ eventData(() => z.object(outcome));
export const projectNotQualified = /* @__PURE__ */ eventData(() => z.object(outcome));
export const projectNeedsConsensus = /* @__PURE__ */ eventData(() => z.object(outcome));

/** §二(四): staff set the final stage (the declared one may disagree with the TRL bands; the flag stays). */
export const projectStageSet = /* @__PURE__ */ eventData(() =>
  z.object({
    ...projectNames,
    from: stage,
    to: stage,
    trl: z.optional(z.number().check(z.int(), z.gte(1), z.lte(9))),
    stageTrlMismatch: z.boolean(),
    reason: z.string().check(z.minLength(1)),
  }),
);
