import { evaluationMeansSchema } from '../evaluation/aggregate.js';
import { projectStatusIds } from '../project/status.js';
import { districtIds, platformKindIds, stageIds, techFieldIds } from '../vocabulary.js';
import * as z from '../zod.js';
import { eventData } from './definition.js';

/**
 * Matching (§二(四), §二(六), §二(九)): a qualified project offered to one platform. The relay routes
 * `match.offered` by `platformId` to that platform's own queue and no other, so its data is the platform's
 * message (issue 10 point 3): self-contained, versioned (`schemaVersion`), everything a platform needs to decide
 * and how to answer, without access to anything else of ours.
 */
const id = /* @__PURE__ */ eventData(() => z.string().check(z.minLength(1)));
const calendarDate = /* @__PURE__ */ eventData(() => z.iso.date());

/** Who at the programme the platform talks to about the project (the project's commissioner). */
export const offerContactSchema = /* @__PURE__ */ eventData(() =>
  z.object({
    name: z.string().check(z.minLength(1)),
    email: z.optional(z.string()),
    phone: z.optional(z.string()),
  }),
);

/**
 * How the platform answers: one API call with its platform API key before `respondBy` ends,
 * `POST /v1/matches/{matchId}/decision` with `{ "decision": "accepted" | "declined", "reason"? }`.
 */
export const offerAnswerSchema = /* @__PURE__ */ eventData(() =>
  z.object({
    /** The request line, e.g. `POST /v1/matches/mat_…/decision`. */
    request: z.string().check(z.minLength(1)),
    decisions: z.array(z.enum(['accepted', 'declined'])).check(z.minLength(1)),
    note: z.string().check(z.minLength(1)),
  }),
);

/** What `howToAnswer` says for an offer (matching writes it; the example and tests share it). */
export function howToAnswer(matchId: string, respondBy: string): z.input<typeof offerAnswerSchema> {
  return {
    request: `POST /v1/matches/${matchId}/decision`,
    decisions: ['accepted', 'declined'],
    note: `With the platform's API key, body {"decision": "accepted" | "declined", "reason"?}, by the end of ${respondBy} (Asia/Shanghai); unanswered offers expire.`,
  };
}

export const matchOffered = /* @__PURE__ */ eventData(() =>
  z.object({
    /** The message's own version, for platforms' parsers; bumped with the event's version. */
    schemaVersion: z.literal(1),
    matchId: id,
    projectId: id,
    platformId: id,
    kind: z.enum(platformKindIds),
    stage: z.enum(stageIds),
    techField: z.enum(techFieldIds),
    title: z.string().check(z.minLength(1)),
    summary: z.string(),
    /** The evaluation's means per dimension and overall (never who scored what). */
    means: evaluationMeansSchema,
    /** Absent only while the project has no commissioner. */
    commissioner: z.optional(offerContactSchema),
    offeredAt: z.iso.datetime(),
    /** The last calendar day (Asia/Shanghai) to answer; the offer expires at the end of it. */
    respondBy: calendarDate,
    howToAnswer: offerAnswerSchema,
  }),
);

/** An offer's respond-by deadline fired (the deadline sweeper publishes it; matching expires the offer). */
export const offerExpired = /* @__PURE__ */ eventData(() =>
  z.object({
    deadlineId: id,
    dueAt: z.iso.datetime(),
    matchId: id,
    projectId: id,
    platformId: id,
    kind: z.enum(platformKindIds),
  }),
);

/**
 * A complete offer message, for documentation (the README, a future AsyncAPI example) and for tests that need
 * a valid `match.offered` without running matching.
 */
export function exampleMatchOffered(
  platformId = 'cvc-whu',
  projectId = 'prj_01JZ0000000000000000000000',
): z.input<typeof matchOffered> {
  const matchId = 'mat_01JZ0000000000000000000000';
  return {
    schemaVersion: 1,
    matchId,
    projectId,
    platformId,
    kind: 'concept_verification_center',
    stage: 'gestation',
    techField: 'quantum',
    title: '室温量子传感芯片',
    summary: '面向精密测量的室温量子传感芯片原型',
    // On the 0–5 scale of the seven dimensions (§二(四)).
    means: {
      demand: 4.17,
      disruptiveness: 4.5,
      producibility: 3.83,
      plan: 4,
      capability: 4.17,
      returns: 3.67,
      risk: 3.5,
      overall: 3.98,
    },
    commissioner: { name: '王专员', email: 'commissioner@example.org' },
    offeredAt: '2026-03-02T02:00:00.000Z',
    respondBy: '2026-03-12',
    howToAnswer: howToAnswer(matchId, '2026-03-12'),
  };
}

/** A platform answered its offer (services/matching API); a decline sends matching on to the next platform. */
const answer = /* @__PURE__ */ eventData(() => ({
  matchId: id,
  projectId: id,
  platformId: id,
  kind: z.enum(platformKindIds),
  reason: z.optional(z.string().check(z.minLength(1))),
}));
/**
 * An acceptance that moved the project (qualified → matched) says so in `from` and `to`: the commissioner's one
 * email about it (match-answered) tells both the platform and the new status, and the status event it travels
 * with is not emailed to them again (notification's routing). Absent on a growth project's second acceptance,
 * which finds the project matched already, and on acceptances written before.
 */
export const matchAccepted = /* @__PURE__ */ eventData(() =>
  z.object({
    ...answer,
    from: z.optional(z.enum(projectStatusIds)),
    to: z.optional(z.enum(projectStatusIds)),
  }),
);
export const matchDeclined = /* @__PURE__ */ eventData(() => z.object(answer));

/** Matching expired an offer nobody answered by the end of `respondBy` (its deadline fired): the place is free. */
export const matchExpired = /* @__PURE__ */ eventData(() =>
  z.object({
    matchId: id,
    projectId: id,
    platformId: id,
    kind: z.enum(platformKindIds),
    respondBy: calendarDate,
  }),
);

/**
 * Staff released an accepted match before incubation (`POST /v1/matches/{matchId}/release`): the platform's
 * place is free again; a project left without an accepted offer is qualified again and matching offers the next
 * platform of that kind. A release that moved the project (matched → qualified) says so in `from` and `to`, as an
 * acceptance does, for the same reason: the commissioner's one email about it names the move. Absent when another
 * accepted offer keeps the project matched, and on releases written before.
 */
export const matchReleased = /* @__PURE__ */ eventData(() =>
  z.object({
    ...answer,
    reason: z.string().check(z.minLength(1)),
    from: z.optional(z.enum(projectStatusIds)),
    to: z.optional(z.enum(projectStatusIds)),
  }),
);

/** No eligible platform is left for a kind the project's stage needs: staff are told (issue 10 point 4). */
export const projectUnmatched = /* @__PURE__ */ eventData(() =>
  z.object({
    projectId: id,
    title: z.string().check(z.minLength(1)),
    district: z.enum(districtIds),
    stage: z.enum(stageIds),
    techField: z.enum(techFieldIds),
    kinds: z.array(z.enum(platformKindIds)).check(z.minLength(1)),
  }),
);
