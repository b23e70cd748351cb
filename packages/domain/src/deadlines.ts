import { type DomainEvent, eventTypes, newEvent } from './events.js';
import * as z from './zod.js';

/**
 * A one-shot deadline: "offer X expires at T", "review Y is due at T". It is set (pending), then either fires
 * once when its time has come or is cancelled first; never both, never twice. Firing publishes the event the
 * deadline names, so the capability that set it reacts to its own event type (e.g. `review.due`).
 */
export const deadlineStates = ['pending', 'fired', 'cancelled'] as const;
export type DeadlineState = (typeof deadlineStates)[number];

/**
 * A business key the caller chooses (`offer:<matchId>`, `review:<reviewId>`), so setting the same deadline twice
 * is recognised as the same one. No `#`: the pending listing's sort key is `<dueAt>#<id>`.
 */
export const deadlineIdSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(200), z.regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only'));

/** The fired event's data is `{ deadlineId, dueAt, ...payload }`: a payload may not shadow those two. */
const reservedPayloadKeys = ['deadlineId', 'dueAt'] as const;
const payloadSchema = z.record(z.string(), z.unknown()).check(
  z.refine((payload) => reservedPayloadKeys.every((key) => !(key in payload)), {
    message: `a payload may not use ${reservedPayloadKeys.join(' or ')}`,
  }),
);

/** ISO 8601 in UTC with milliseconds (`Date#toISOString`): fixed width, so the strings sort as the instants. */
const instantSchema = z.iso.datetime({ precision: 3 });

export const deadlineSchema = z.object({
  id: deadlineIdSchema,
  /** The event published when the deadline fires. */
  eventType: z.enum(eventTypes),
  dueAt: instantSchema,
  /** The aggregate the event is about; its history receives the event. */
  subject: z.object({ kind: z.string().check(z.minLength(1)), id: z.string().check(z.minLength(1)) }),
  payload: payloadSchema,
  /** The correlation id of the request that set the deadline, carried on to the event it fires. */
  correlationId: z.string().check(z.minLength(1)),
  state: z.enum(deadlineStates),
  setAt: instantSchema,
  firedAt: z.optional(instantSchema),
  cancelledAt: z.optional(instantSchema),
});
export type Deadline = z.infer<typeof deadlineSchema>;

export interface NewDeadlineInput {
  id: string;
  eventType: Deadline['eventType'];
  dueAt: Date;
  subject: Deadline['subject'];
  payload?: Record<string, unknown>;
  correlationId: string;
  now: Date;
}

/** A pending deadline, checked against the schema (a bad id or a reserved payload key throws here, not later). */
export function newDeadline(input: NewDeadlineInput): Deadline {
  return deadlineSchema.parse({
    id: input.id,
    eventType: input.eventType,
    dueAt: input.dueAt.toISOString(),
    subject: input.subject,
    payload: input.payload ?? {},
    correlationId: input.correlationId,
    state: 'pending',
    setAt: input.now.toISOString(),
  });
}

/** Due at `now` or earlier: a deadline due at 10:00:00.000 fires on the sweep of 10:00:00.000. */
export function isDue(deadline: Pick<Deadline, 'dueAt'>, now: Date): boolean {
  return Date.parse(deadline.dueAt) <= now.getTime();
}

/** Who fires deadlines: the system's sweeper, not a person. */
export const deadlineActor = { role: 'system', id: 'deadlines' } as const;

/** The event a deadline publishes when it fires at `now`. */
export function deadlineFiredEvent(deadline: Deadline, now: Date): DomainEvent {
  return newEvent({
    type: deadline.eventType,
    actor: deadlineActor,
    subject: deadline.subject,
    // The type is the deadline's, known at run time only: newEvent checks the data against that type's schema.
    data: { deadlineId: deadline.id, dueAt: deadline.dueAt, ...deadline.payload } as never,
    correlationId: deadline.correlationId,
    now,
  });
}
