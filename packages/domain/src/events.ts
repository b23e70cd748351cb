import { defineEvent, type EventDefinition, type TypedEventDefinition } from './events/definition.js';
import * as evaluation from './events/evaluation.js';
import * as matching from './events/matching.js';
import * as parameters from './events/parameters.js';
import * as profiles from './events/profiles.js';
import * as project from './events/project.js';
import * as subsidy from './events/subsidy.js';
import * as system from './events/system.js';
import { eventTypeNames } from './events/types.js';
import { newId } from './ids.js';
import { roleIds } from './vocabulary.js';
import * as z from './zod.js';

/**
 * Every event the system publishes, with the schema of its `data` and its current version. Producers build
 * events with `newEventOf(definition, …)` (or `newEvent({ type, … })`, which looks the type up in the whole
 * catalog); consumers read them with `parseEvent`. Consumers de-duplicate on `id`; `correlationId` follows one
 * request through every queue to the email it causes.
 *
 * Adding an event type is one definition below (its data schema in events/<area>.ts, built with `eventData`),
 * its entry in `eventCatalog` and its name in events/types.ts (the compiler and
 * test/unit/events/event-bindings.test.ts keep the three equal). Versioning: see `EventDefinition`.
 *
 * Each definition is a binding of its own (issue 13): a function bundles only the definitions it names, so a
 * consumer carries the schemas of the events it reads and writes, not the catalog's.
 */
export const projectNominatedEvent = /* @__PURE__ */ defineEvent(
  'project.nominated',
  project.projectNominated,
);
export const projectRecommendedEvent = /* @__PURE__ */ defineEvent(
  'project.recommended',
  project.projectRecommended,
);
export const projectAssignedEvent = /* @__PURE__ */ defineEvent('project.assigned', project.projectAssigned);
export const projectUnassignedDistrictEvent = /* @__PURE__ */ defineEvent(
  'project.unassigned_district',
  project.projectUnassignedDistrict,
);
export const projectScreenedOutEvent = /* @__PURE__ */ defineEvent(
  'project.screened_out',
  project.projectScreenedOut,
);
export const projectStatusChangedEvent = /* @__PURE__ */ defineEvent(
  'project.status_changed',
  project.projectStatusChanged,
);
export const projectMilestoneRecordedEvent = /* @__PURE__ */ defineEvent(
  'project.milestone_recorded',
  project.projectMilestoneRecorded,
);
export const apikeyIssuedEvent = /* @__PURE__ */ defineEvent('apikey.issued', system.apiKeyIssued);
export const apikeyRevokedEvent = /* @__PURE__ */ defineEvent('apikey.revoked', system.apiKeyRevoked);
export const notificationFailedEvent = /* @__PURE__ */ defineEvent(
  'notification.failed',
  system.notificationFailed,
);
export const notificationSkippedEvent = /* @__PURE__ */ defineEvent(
  'notification.skipped',
  system.notificationSkipped,
);
export const systemTestEvent = /* @__PURE__ */ defineEvent('system.test', system.systemTest);
export const eventRejectedEvent = /* @__PURE__ */ defineEvent('event.rejected', system.eventRejected);
export const firedDeadlineEvent = /* @__PURE__ */ defineEvent('deadline.fired', system.deadlineFired);
export const profileCreatedEvent = /* @__PURE__ */ defineEvent('profile.created', profiles.profileCreated);
export const profileUpdatedEvent = /* @__PURE__ */ defineEvent('profile.updated', profiles.profileUpdated);
export const profileDeactivatedEvent = /* @__PURE__ */ defineEvent(
  'profile.deactivated',
  profiles.profileDeactivated,
);
export const matchOfferedEvent = /* @__PURE__ */ defineEvent('match.offered', matching.matchOffered);
export const parametersPublishedEvent = /* @__PURE__ */ defineEvent(
  'parameters.published',
  parameters.parametersPublished,
);
export const apikeyRotatedEvent = /* @__PURE__ */ defineEvent('apikey.rotated', system.apiKeyRotated);
export const evaluationAssignedEvent = /* @__PURE__ */ defineEvent(
  'evaluation.assigned',
  evaluation.evaluationAssigned,
);
export const evaluationWaitingForExpertsEvent = /* @__PURE__ */ defineEvent(
  'evaluation.waiting_for_experts',
  evaluation.evaluationWaitingForExperts,
);
export const evaluationReviewDueEvent = /* @__PURE__ */ defineEvent(
  'evaluation.review_due',
  evaluation.evaluationReviewDue,
);
export const evaluationReviewOverdueEvent = /* @__PURE__ */ defineEvent(
  'evaluation.review_overdue',
  evaluation.evaluationReviewOverdue,
);
export const evaluationReviewSubmittedEvent = /* @__PURE__ */ defineEvent(
  'evaluation.review_submitted',
  evaluation.evaluationReviewSubmitted,
);
export const evaluationReviewWithdrawnEvent = /* @__PURE__ */ defineEvent(
  'evaluation.review_withdrawn',
  evaluation.evaluationReviewWithdrawn,
);
export const projectQualifiedEvent = /* @__PURE__ */ defineEvent(
  'project.qualified',
  evaluation.projectQualified,
);
export const projectNotQualifiedEvent = /* @__PURE__ */ defineEvent(
  'project.not_qualified',
  evaluation.projectNotQualified,
);
export const projectNeedsConsensusEvent = /* @__PURE__ */ defineEvent(
  'project.needs_consensus',
  evaluation.projectNeedsConsensus,
);
export const projectStageSetEvent = /* @__PURE__ */ defineEvent(
  'project.stage_set',
  evaluation.projectStageSet,
);
export const offerExpiredEvent = /* @__PURE__ */ defineEvent('offer.expired', matching.offerExpired);
export const matchAcceptedEvent = /* @__PURE__ */ defineEvent('match.accepted', matching.matchAccepted);
export const matchDeclinedEvent = /* @__PURE__ */ defineEvent('match.declined', matching.matchDeclined);
export const projectUnmatchedEvent = /* @__PURE__ */ defineEvent(
  'project.unmatched',
  matching.projectUnmatched,
);
export const matchExpiredEvent = /* @__PURE__ */ defineEvent('match.expired', matching.matchExpired);
export const matchReleasedEvent = /* @__PURE__ */ defineEvent('match.released', matching.matchReleased);
export const subsidyClaimReceivedEvent = /* @__PURE__ */ defineEvent(
  'subsidy.claim_received',
  subsidy.subsidyClaimReceived,
);
export const subsidyComputedEvent = /* @__PURE__ */ defineEvent('subsidy.computed', subsidy.subsidyComputed);
export const subsidyIneligibleEvent = /* @__PURE__ */ defineEvent(
  'subsidy.ineligible',
  subsidy.subsidyIneligible,
);
export const subsidyApprovedEvent = /* @__PURE__ */ defineEvent('subsidy.approved', subsidy.subsidyApproved);
export const subsidyRejectedEvent = /* @__PURE__ */ defineEvent('subsidy.rejected', subsidy.subsidyRejected);
export const subsidyCapWarningEvent = /* @__PURE__ */ defineEvent(
  'subsidy.cap_warning',
  subsidy.subsidyCapWarning,
);
export const subsidyCapReachedEvent = /* @__PURE__ */ defineEvent(
  'subsidy.cap_reached',
  subsidy.subsidyCapReached,
);

/** The catalog from its definitions, each under its own type (the keys are the definitions' `type`). */
function catalogOf<const D extends readonly TypedEventDefinition[]>(
  definitions: D,
): { readonly [K in D[number] as K['type']]: K } {
  // Object.fromEntries cannot type a record keyed by each entry's own `type`; the mapped type above says it.
  return Object.fromEntries(definitions.map((d) => [d.type, d])) as {
    readonly [K in D[number] as K['type']]: K;
  };
}

export const eventCatalog = /* @__PURE__ */ catalogOf([
  /**
   * A new project, nominated for the first time: the one event of its creation, naming the commissioner it was
   * assigned to (`commissionerId`), or none when no commissioner serves its district (issue 13).
   */
  projectNominatedEvent,
  projectRecommendedEvent,
  /** Staff reassigned the project (reassign.ts); a new project's first assignment is in its project.nominated. */
  projectAssignedEvent,
  /** No longer emitted (a new project without a commissioner is a project.nominated without one); kept for history. */
  projectUnassignedDistrictEvent,
  projectScreenedOutEvent,
  projectStatusChangedEvent,
  projectMilestoneRecordedEvent,
  apikeyIssuedEvent,
  apikeyRevokedEvent,
  notificationFailedEvent,
  /** A recipient without an email address was skipped: a warning kept in the subject's history. */
  notificationSkippedEvent,
  systemTestEvent,
  /** A consumer refused a message for good; recorded, acknowledged, staff told (never about itself: no loops). */
  eventRejectedEvent,
  /** A deadline came due (generic; capabilities add their own types, e.g. `review.due`). Kept as history. */
  firedDeadlineEvent,
  /** Profiles (services/profiles): staff create, update and deactivate them; each change is audit history. */
  profileCreatedEvent,
  profileUpdatedEvent,
  profileDeactivatedEvent,
  /** A platform is offered a project; routed to that platform's own queue by `data.platformId`. */
  matchOfferedEvent,
  /** Staff published a new version of a parameter set (subject: the set); kept as the set's audit history. */
  parametersPublishedEvent,
  /** An API key was rotated (subject: the old key); the new key's `apikey.issued` names it in `rotatedFrom`. */
  apikeyRotatedEvent,
  /** §二(四) evaluation (services/evaluation): assignment, reviews, deadlines and the outcome. */
  evaluationAssignedEvent,
  evaluationWaitingForExpertsEvent,
  evaluationReviewDueEvent,
  evaluationReviewOverdueEvent,
  evaluationReviewSubmittedEvent,
  evaluationReviewWithdrawnEvent,
  projectQualifiedEvent,
  projectNotQualifiedEvent,
  projectNeedsConsensusEvent,
  projectStageSetEvent,
  /** Matching (services/matching): an offer's respond-by deadline fired; matching expires it, offers the next. */
  offerExpiredEvent,
  /** The offered platform accepted (the project is matched) or declined (matching offers the next platform). */
  matchAcceptedEvent,
  matchDeclinedEvent,
  /** No platform of a kind the stage needs is left to offer the project: staff are emailed. */
  projectUnmatchedEvent,
  /** Matching expired an unanswered offer (after `offer.expired`): the commissioner is emailed. */
  matchExpiredEvent,
  /** Staff released an accepted match: the place is free, matching offers the next platform of that kind. */
  matchReleasedEvent,
  /** Subsidy claims (services/subsidy): filed, assessed (reserved or ineligible), decided by staff; caps filling. */
  subsidyClaimReceivedEvent,
  subsidyComputedEvent,
  subsidyIneligibleEvent,
  subsidyApprovedEvent,
  subsidyRejectedEvent,
  subsidyCapWarningEvent,
  subsidyCapReachedEvent,
]);

export type { EventDefinition, TypedEventDefinition } from './events/definition.js';
export { defineEvent, eventData } from './events/definition.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Checked by the compiler: every entry sits under its own definition's type, and events/types.ts names exactly
 * the catalog's types. (A value, so that a mismatch is a type error here; unused, it is bundled nowhere.)
 */
export const catalogIsConsistent: [
  Same<
    { [K in keyof typeof eventCatalog]: (typeof eventCatalog)[K]['type'] },
    { [K in keyof typeof eventCatalog]: K }
  >,
  Same<keyof typeof eventCatalog, (typeof eventTypeNames)[number]>,
] = [true, true];

export type EventType = keyof typeof eventCatalog;
/** Every type, as a literal list (events/types.ts): a deadline's schema and a consumer's parse name them all without bundling the catalog. */
export const eventTypes: readonly [EventType, ...EventType[]] = eventTypeNames;
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

/** A type the catalog knows (read from the literal list, so it bundles no schema). */
export function isKnownEventType(type: string): type is EventType {
  return (eventTypes as readonly string[]).includes(type);
}

/** A programming error: a producer built an event its own schema refuses. Never caught as a domain answer. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

/** The definition of one catalog type (the catalog's entries are exactly these bindings). */
export type CatalogEventDefinition<T extends EventType = EventType> = (typeof eventCatalog)[T];

/** What a producer says about a new event; its type comes from the definition it passes. */
export interface EventInput<T extends EventType> {
  actor: Actor;
  subject: { kind: string; id: string };
  data: z.input<CatalogEventDefinition<T>['data']>;
  correlationId: string;
  now?: Date;
}

export interface NewEventInput<T extends EventType> extends EventInput<T> {
  type: T;
}

/**
 * A new event of the definition's type at its current version. Data that fails the schema, or carries a field
 * the schema does not declare (a typo, or a field a consumer would silently drop), throws `InvalidEventError`:
 * the write never happens, so no consumer can receive it. Bundles only the definition passed (issue 13).
 */
export function newEventOf<T extends EventType>(
  definition: CatalogEventDefinition<T> & { readonly type: T },
  input: EventInput<T>,
): DomainEvent<T> {
  const now = input.now ?? new Date();
  const type: T = definition.type;
  const schema: z.ZodMiniObject = definition.data;
  // A loose schema (a deadline's payload) declares that it carries fields of its producer's choosing.
  const open = schema.def.catchall !== undefined;
  const undeclared = open ? [] : Object.keys(input.data).filter((key) => !(key in schema.shape));
  if (undeclared.length > 0) {
    throw new InvalidEventError(`${type} does not declare ${undeclared.join(', ')}`);
  }
  const parsed = schema.safeParse(input.data);
  if (!parsed.success) {
    throw new InvalidEventError(`${type} data fails its schema: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const event = {
    id: newId('evt', now),
    type,
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

/**
 * `newEventOf` for a type named by string, looked up in the whole catalog: a function that uses it bundles every
 * event schema. Where the type is known in the code, pass its definition to `newEventOf` instead.
 */
export function newEvent<T extends EventType>(input: NewEventInput<T>): DomainEvent<T> {
  // The catalog's entry under T is T's definition (`catalogIsConsistent`).
  return newEventOf(eventCatalog[input.type] as CatalogEventDefinition<T> & { readonly type: T }, input);
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
 * optional ones). Without `consumed` every catalog type is read (and the whole catalog bundled); with it, a type
 * the consumer does not declare is refused exactly as an unknown type is.
 */
export function parseEvent(json: unknown): ParsedEvent;
export function parseEvent<T extends EventType>(json: unknown, consumed: ConsumedEvents<T>): ParsedEvent<T>;
export function parseEvent(json: unknown, consumed?: ConsumedEvents<EventType>): ParsedEvent {
  return parseConsumedEvent(json, consumed ?? everyEvent());
}

/** `parseEvent` for one consumer, bundling only the definitions it declares (eventConsumer's path). */
export function parseConsumedEvent<T extends EventType>(
  json: unknown,
  consumed: ConsumedEvents<T>,
): ParsedEvent<T>;
export function parseConsumedEvent(json: unknown, consumed: ConsumedEvents<EventType>): ParsedEvent {
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, kind: 'malformed', reason: `Not an event: ${z.prettifyError(envelope.error)}` };
  }
  const { type, version, data } = envelope.data;
  if (!isKnownEventType(type)) {
    return { ok: false, kind: 'unknown-type', reason: `Unknown event type ${type}`, envelope: envelope.data };
  }
  const definition: EventDefinition | undefined = consumed.definitions.find((d) => d.type === type);
  if (!definition) {
    const reason = `Event type ${type} is not one the ${consumed.consumer} consumer reads`;
    return { ok: false, kind: 'unknown-type', reason, envelope: envelope.data };
  }
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
 * The event types one queue consumer reads (issue 13), with their definitions: `eventConsumer({ events })`
 * parses only these, and a message of any other type is refused as an unknown type (recorded, staff told, not
 * retried). Declared in the consumer's own module (services/<name>/consumed-events.ts, with `consumedEventsOf`,
 * so the consumer bundles only these schemas); test/unit/events/consumed-events.test.ts keeps each declaration
 * equal to the types the topology's `eventRouting` sends to that consumer's queue.
 */
export interface ConsumedEvents<T extends EventType> {
  readonly consumer: string;
  readonly types: readonly T[];
  /** The definitions of `types`, what the consumer parses with. */
  readonly definitions: readonly TypedEventDefinition<EventType>[];
}

/** A consumer's declaration from its types' definitions: bundles only those schemas. */
export function consumedEventsOf<const D extends CatalogEventDefinition>(
  consumer: string,
  definitions: readonly D[],
): ConsumedEvents<D['type']> {
  return { consumer, types: definitions.map((d) => d.type), definitions };
}

/** A declaration by type names, looked up in the whole catalog (tests, fixtures): bundles every schema. */
export function consumedEvents<const T extends EventType>(
  consumer: string,
  types: readonly T[],
): ConsumedEvents<T> {
  const definitions: TypedEventDefinition<EventType>[] = types.map((type) => eventCatalog[type]);
  return { consumer, types, definitions };
}

/** Every catalog type: what a consumer without a declaration reads. */
export function everyEvent(consumer = 'any'): ConsumedEvents<EventType> {
  return consumedEvents(consumer, eventTypes);
}
