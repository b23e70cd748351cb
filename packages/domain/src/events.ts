import * as evaluation from './events/evaluation.js';
import * as matching from './events/matching.js';
import * as parameters from './events/parameters.js';
import * as profiles from './events/profiles.js';
import * as project from './events/project.js';
import * as subsidy from './events/subsidy.js';
import * as system from './events/system.js';
import { newId } from './ids.js';
import { roleIds } from './vocabulary.js';
import * as z from './zod.js';

/**
 * Every event the system publishes, with the schema of its `data` and its current version. Producers build
 * events with `newEvent` (checked at compile time and at run time); consumers read them with `parseEvent`.
 * Consumers de-duplicate on `id`; `correlationId` follows one request through every queue to the email it causes.
 *
 * Adding an event type is one entry here (its data schema in events/<area>.ts). A change a consumer of the
 * current version could not read (a field removed, renamed or retyped, a new required field) bumps `version`
 * and moves the old schema to `previous` with an `upgrade` to the new shape, so events still in flight parse.
 * An additive optional field needs no new version: consumers strip what they do not know.
 */
export interface EventDefinition<Data extends z.ZodMiniObject = z.ZodMiniObject> {
  readonly version: number;
  readonly data: Data;
  readonly previous?: readonly {
    readonly version: number;
    readonly data: z.ZodMiniType;
    readonly upgrade: (old: never) => z.input<Data>;
  }[];
}

// Marked pure so that a bundle which uses none of the catalog (the relay reads only the envelope) drops the
// catalog and every data schema with it; esbuild otherwise keeps each call it cannot prove side-effect free.
/* @__NO_SIDE_EFFECTS__ */
function v1<Data extends z.ZodMiniObject>(data: Data) {
  return { version: 1, data } as const;
}

export const eventCatalog = {
  /**
   * A new project, nominated for the first time: the one event of its creation, naming the commissioner it was
   * assigned to (`commissionerId`), or none when no commissioner serves its district (issue 13).
   */
  'project.nominated': v1(project.projectNominated),
  'project.recommended': v1(project.projectRecommended),
  /** Staff reassigned the project (reassign.ts); a new project's first assignment is in its project.nominated. */
  'project.assigned': v1(project.projectAssigned),
  /** No longer emitted (a new project without a commissioner is a project.nominated without one); kept for history. */
  'project.unassigned_district': v1(project.projectUnassignedDistrict),
  'project.screened_out': v1(project.projectScreenedOut),
  'project.status_changed': v1(project.projectStatusChanged),
  'project.milestone_recorded': v1(project.projectMilestoneRecorded),
  'apikey.issued': v1(system.apiKeyIssued),
  'apikey.revoked': v1(system.apiKeyRevoked),
  'notification.failed': v1(system.notificationFailed),
  /** A recipient without an email address was skipped: a warning kept in the subject's history. */
  'notification.skipped': v1(system.notificationSkipped),
  'system.test': v1(system.systemTest),
  /** A consumer refused a message for good; recorded, acknowledged, staff told (never about itself: no loops). */
  'event.rejected': v1(system.eventRejected),
  /** A deadline came due (generic; capabilities add their own types, e.g. `review.due`). Kept as history. */
  'deadline.fired': v1(system.deadlineFired),
  /** Profiles (services/profiles): staff create, update and deactivate them; each change is audit history. */
  'profile.created': v1(profiles.profileCreated),
  'profile.updated': v1(profiles.profileUpdated),
  'profile.deactivated': v1(profiles.profileDeactivated),
  /** A platform is offered a project; routed to that platform's own queue by `data.platformId`. */
  'match.offered': v1(matching.matchOffered),
  /** Staff published a new version of a parameter set (subject: the set); kept as the set's audit history. */
  'parameters.published': v1(parameters.parametersPublished),
  /** An API key was rotated (subject: the old key); the new key's `apikey.issued` names it in `rotatedFrom`. */
  'apikey.rotated': v1(system.apiKeyRotated),
  /** §二(四) evaluation (services/evaluation): assignment, reviews, deadlines and the outcome. */
  'evaluation.assigned': v1(evaluation.evaluationAssigned),
  'evaluation.waiting_for_experts': v1(evaluation.evaluationWaitingForExperts),
  'evaluation.review_due': v1(evaluation.evaluationReviewDue),
  'evaluation.review_overdue': v1(evaluation.evaluationReviewOverdue),
  'evaluation.review_submitted': v1(evaluation.evaluationReviewSubmitted),
  'evaluation.review_withdrawn': v1(evaluation.evaluationReviewWithdrawn),
  'project.qualified': v1(evaluation.projectQualified),
  'project.not_qualified': v1(evaluation.projectNotQualified),
  'project.needs_consensus': v1(evaluation.projectNeedsConsensus),
  'project.stage_set': v1(evaluation.projectStageSet),
  /** Matching (services/matching): an offer's respond-by deadline fired; matching expires it, offers the next. */
  'offer.expired': v1(matching.offerExpired),
  /** The offered platform accepted (the project is matched) or declined (matching offers the next platform). */
  'match.accepted': v1(matching.matchAccepted),
  'match.declined': v1(matching.matchDeclined),
  /** No platform of a kind the stage needs is left to offer the project: staff are emailed. */
  'project.unmatched': v1(matching.projectUnmatched),
  /** Matching expired an unanswered offer (after `offer.expired`): the commissioner is emailed. */
  'match.expired': v1(matching.matchExpired),
  /** Staff released an accepted match: the place is free, matching offers the next platform of that kind. */
  'match.released': v1(matching.matchReleased),
  /** Subsidy claims (services/subsidy): filed, assessed (reserved or ineligible), decided by staff; caps filling. */
  'subsidy.claim_received': v1(subsidy.subsidyClaimReceived),
  'subsidy.computed': v1(subsidy.subsidyComputed),
  'subsidy.ineligible': v1(subsidy.subsidyIneligible),
  'subsidy.approved': v1(subsidy.subsidyApproved),
  'subsidy.rejected': v1(subsidy.subsidyRejected),
  'subsidy.cap_warning': v1(subsidy.subsidyCapWarning),
  'subsidy.cap_reached': v1(subsidy.subsidyCapReached),
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof eventCatalog;
export const eventTypes = /* @__PURE__ */ Object.keys(eventCatalog) as [EventType, ...EventType[]];
export type EventData<T extends EventType> = z.output<(typeof eventCatalog)[T]['data']>;

export const actorSchema = z.object({ role: z.enum([...roleIds, 'system']), id: z.string() });
export type Actor = z.infer<typeof actorSchema>;

/**
 * The envelope every event shares, `data` unread. The relay and history readers need no more; a consumer that
 * acts on an event parses it with `parseEvent` instead.
 */
export const eventEnvelopeSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.positive()),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().check(z.minLength(1)),
  actor: actorSchema,
  /** The aggregate the event is about, e.g. `{ kind: 'project', id: 'prj_…' }`. */
  subject: z.object({ kind: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
});
/** @deprecated the envelope only: use `eventEnvelopeSchema`, or `parseEvent` to read the data too. */
export const domainEventSchema = eventEnvelopeSchema;
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** A typed event: a union discriminated on `type`, whose `data` is that type's schema output. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: Omit<EventEnvelope, 'type' | 'data'> & { type: K; data: EventData<K> };
}[T];

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

/** A programming error: a producer built an event its own schema refuses. Never caught as a domain answer. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

export interface NewEventInput<T extends EventType> {
  type: T;
  actor: Actor;
  subject: { kind: string; id: string };
  data: z.input<(typeof eventCatalog)[T]['data']>;
  correlationId: string;
  now?: Date;
}

/**
 * A new event of the type's current version. Data that fails the schema, or carries a field the schema does not
 * declare (a typo, or a field a consumer would silently drop), throws `InvalidEventError`: the write never
 * happens, so no consumer can receive it.
 */
export function newEvent<T extends EventType>(input: NewEventInput<T>): DomainEvent<T> {
  const now = input.now ?? new Date();
  const definition: EventDefinition = eventCatalog[input.type];
  // A loose schema (a deadline's payload) declares that it carries fields of its producer's choosing.
  const open = definition.data.def.catchall !== undefined;
  const undeclared = open ? [] : Object.keys(input.data).filter((key) => !(key in definition.data.shape));
  if (undeclared.length > 0) {
    throw new InvalidEventError(`${input.type} does not declare ${undeclared.join(', ')}`);
  }
  const parsed = definition.data.safeParse(input.data);
  if (!parsed.success) {
    throw new InvalidEventError(`${input.type} data fails its schema: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const event = {
    id: newId('evt', now),
    type: input.type,
    version: definition.version,
    occurredAt: now.toISOString(),
    correlationId: input.correlationId,
    actor: input.actor,
    subject: input.subject,
    data: parsed.data,
  };
  // The schema parsed this very data for this very type: the union member is T's.
  return event as DomainEvent<T>;
}

/** Why a message is not an event a consumer can act on. Each is permanent: a redelivery cannot change it. */
export type EventRejection =
  | { kind: 'malformed'; reason: string }
  | { kind: 'unknown-type'; reason: string; envelope: EventEnvelope }
  | { kind: 'unknown-version'; reason: string; envelope: EventEnvelope }
  | { kind: 'invalid-data'; reason: string; envelope: EventEnvelope };

export type ParsedEvent<T extends EventType = EventType> =
  | { ok: true; event: DomainEvent<T> }
  | ({ ok: false } & EventRejection);

/**
 * Reads a message as a typed event: the envelope, a known type, a known version (an older one is upgraded to
 * the current shape), then the data schema. Unknown fields in data are dropped (a newer producer may add
 * optional ones).
 */
export function parseEvent(json: unknown): ParsedEvent;
/** As above for one consumer: a type it does not declare is refused exactly as an unknown type is. */
export function parseEvent<T extends EventType>(json: unknown, consumed: ConsumedEvents<T>): ParsedEvent<T>;
export function parseEvent(json: unknown, consumed?: ConsumedEvents<EventType>): ParsedEvent {
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, kind: 'malformed', reason: `Not an event: ${z.prettifyError(envelope.error)}` };
  }
  const { type, version, data } = envelope.data;
  if (!isKnownEventType(type)) {
    return { ok: false, kind: 'unknown-type', reason: `Unknown event type ${type}`, envelope: envelope.data };
  }
  if (consumed && !consumed.types.includes(type)) {
    const reason = `Event type ${type} is not one the ${consumed.consumer} consumer reads`;
    return { ok: false, kind: 'unknown-type', reason, envelope: envelope.data };
  }
  const definition: EventDefinition = eventCatalog[type];
  const older = definition.previous?.find((p) => p.version === version);
  if (version !== definition.version && !older) {
    return {
      ok: false,
      kind: 'unknown-version',
      reason: `Unknown version ${version} of ${type} (current ${definition.version})`,
      envelope: envelope.data,
    };
  }
  const parsed = older ? upgraded(older, data, definition) : definition.data.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      kind: 'invalid-data',
      reason: `${type} v${version} data fails its schema: ${z.prettifyError(parsed.error)}`,
      envelope: envelope.data,
    };
  }
  const event = { ...envelope.data, version: definition.version, data: parsed.data };
  // type is a known EventType and data passed that type's schema.
  return { ok: true, event: event as DomainEvent };
}

function upgraded(
  older: NonNullable<EventDefinition['previous']>[number],
  data: unknown,
  definition: EventDefinition,
) {
  const old = older.data.safeParse(data);
  if (!old.success) return old;
  // `upgrade` is typed per older schema, which a catalog of many types cannot name here: its input was just
  // parsed with that very schema, and its output is parsed with the current one.
  return definition.data.safeParse(older.upgrade(old.data as never));
}

/**
 * The event types one queue consumer reads (issue 13): `eventConsumer({ events })` parses only these, and a
 * message of any other type is refused as an unknown type (recorded, staff told, not retried). Declared in the
 * consumer's own module (services/<name>/consumed-events.ts); test/unit/events/consumed-events.test.ts keeps
 * each declaration equal to the types the topology's `eventRouting` sends to that consumer's queue.
 */
export interface ConsumedEvents<T extends EventType> {
  readonly consumer: string;
  readonly types: readonly T[];
}

export function consumedEvents<const T extends EventType>(
  consumer: string,
  types: readonly T[],
): ConsumedEvents<T> {
  return { consumer, types };
}
