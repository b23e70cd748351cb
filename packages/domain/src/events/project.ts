import { type LifecycleCommand, lifecycleCommands, projectStatusIds } from '../project/status.js';
import { districtIds, partnerTypeIds, stageIds, techFieldIds } from '../vocabulary.js';
import * as z from '../zod.js';
import { eventData } from './definition.js';

/**
 * The `data` of every project event, as intake writes it (services/intake). Each carries the project id and what
 * the emails say about the project, so a consumer reads no project item for the usual case.
 */
const id = /* @__PURE__ */ eventData(() => z.string().check(z.minLength(1)));
const district = /* @__PURE__ */ eventData(() => z.enum(districtIds));
const techField = /* @__PURE__ */ eventData(() => z.enum(techFieldIds));
const stage = /* @__PURE__ */ eventData(() => z.enum(stageIds));
const status = /* @__PURE__ */ eventData(() => z.enum(projectStatusIds));
const trl = /* @__PURE__ */ eventData(() => z.number().check(z.int(), z.gte(1), z.lte(9)));
/** A calendar date (Asia/Shanghai), `YYYY-MM-DD`. */
const calendarDate = /* @__PURE__ */ eventData(() => z.iso.date());

/** The summary a nomination carries on its events (nominate.ts `summary`). */
const projectSummary = /* @__PURE__ */ eventData(() => ({
  projectId: id,
  title: z.string().check(z.minLength(1)),
  district,
  techField,
  stage,
  stageTrlMismatch: z.boolean(),
}));

/** Who recommended: `partnerId` only when a partner posted (staff post for a channel and get no receipt). */
const recommender = /* @__PURE__ */ eventData(() => ({
  nominationId: id,
  recommenderId: id,
  channel: z.enum(partnerTypeIds),
  partnerId: z.optional(id),
}));

/**
 * A project created by its first nomination. `commissionerId`: the district's commissioner it was assigned to;
 * absent when the district has none (staff must choose one). The only event of the creation (issue 13).
 */
export const projectNominated = /* @__PURE__ */ eventData(() =>
  z.object({
    ...projectSummary,
    ...recommender,
    trl: z.optional(trl),
    leadOrganization: z.string().check(z.minLength(1)),
    commissionerId: z.optional(id),
    /**
     * True on every nomination since it announces the assignment itself: its `commissionerId`, or its absence
     * when no commissioner serves the district, is the news (no project.assigned / project.unassigned_district
     * follows). Absent on nominations stored before (issue 13), which were followed by one of those events.
     */
    announcesAssignment: z.optional(z.literal(true)),
  }),
);

export const projectRecommended = /* @__PURE__ */ eventData(() =>
  z.object({
    projectId: id,
    title: z.string().check(z.minLength(1)),
    district,
    ...recommender,
    /**
     * How many recommendations the project had when this one was accepted, this one included. Exact unless others
     * recommended at the same moment, when it is a lower bound (the stored count is an atomic ADD and exact).
     */
    recommendations: z.number().check(z.int(), z.gte(2)),
    commissionerId: z.optional(id),
  }),
);

/**
 * On reassignment (with the previous commissioner and the reason). Nominations wrote it with the summary until a
 * new project became one project.nominated (issue 13); such events stay readable.
 */
export const projectAssigned = /* @__PURE__ */ eventData(() =>
  z.object({
    projectId: id,
    title: z.string().check(z.minLength(1)),
    district,
    techField: z.optional(techField),
    stage: z.optional(stage),
    stageTrlMismatch: z.optional(z.boolean()),
    commissionerId: id,
    previousCommissionerId: z.optional(id),
    reason: z.optional(z.string().check(z.minLength(1))),
  }),
);

/** Written by nominations until a new project became one project.nominated (issue 13); kept for history. */
export const projectUnassignedDistrict = /* @__PURE__ */ eventData(() => z.object(projectSummary));

/** Written by `changeStatus` (transition.ts) for every move; screening out has its own type and a reason. */
const statusChange = /* @__PURE__ */ eventData(() => ({
  projectId: id,
  title: z.string().check(z.minLength(1)),
  district,
  from: status,
  to: status,
  /** The command that owned the move (status.ts); absent on events written before moves had owners. */
  command: z.optional(z.enum(Object.keys(lifecycleCommands) as [LifecycleCommand, ...LifecycleCommand[]])),
  reason: z.optional(z.string().check(z.minLength(1))),
  commissionerId: z.optional(id),
  /** Every recommending partner, told of a decision about the project. */
  partnerIds: z.optional(z.array(id).check(z.minLength(1))),
}));

export const projectStatusChanged = /* @__PURE__ */ eventData(() => z.object(statusChange));

export const projectScreenedOut = /* @__PURE__ */ eventData(() =>
  z.object({
    ...statusChange,
    to: z.literal('screened_out'),
    reason: z.string().check(z.minLength(1)),
  }),
);

/** The milestone as recorded (packages/domain/src/project/milestones.ts). */
export const milestoneSchema = /* @__PURE__ */ eventData(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('enterprise_landed'),
      enterpriseName: z.string().check(z.minLength(1)),
      creditCode: z.string().check(z.minLength(1)),
      district,
      date: calendarDate,
    }),
    z.object({
      type: z.literal('national_library_entered'),
      date: calendarDate,
      reference: z.string().check(z.minLength(1)),
    }),
    z.object({
      type: z.literal('stage_changed'),
      stage,
      trl: z.optional(trl),
      reason: z.string().check(z.minLength(1)),
    }),
    z.object({
      type: z.literal('incubation_started'),
      date: calendarDate,
      note: z.optional(z.string().check(z.minLength(1))),
    }),
  ]),
);

export const projectMilestoneRecorded = /* @__PURE__ */ eventData(() =>
  z.object({
    projectId: id,
    title: z.string().check(z.minLength(1)),
    district,
    commissionerId: z.optional(id),
    milestone: milestoneSchema,
    /** For a stage change: what it was before. */
    previousStage: z.optional(stage),
    previousTrl: z.optional(trl),
  }),
);
