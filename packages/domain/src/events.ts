import { z } from 'zod';
import { newId } from './ids.js';
import { roleIds } from './vocabulary.js';

/**
 * Every event the system publishes. Consumers de-duplicate on `id`; `version` lets a consumer refuse a shape it
 * does not know; `correlationId` follows one request through every queue to the email it causes.
 */
export const eventTypes = [
  'project.nominated',
  'project.recommended',
  'project.assigned',
  'project.unassigned_district',
  'project.screened_out',
  'project.status_changed',
  'project.milestone_recorded',
  'apikey.issued',
  'apikey.revoked',
  'notification.failed',
  /** A recipient without an email address was skipped: a warning kept in the subject's history. */
  'notification.skipped',
  'system.test',
  /** A deadline came due (generic; capabilities add their own types, e.g. `review.due`). Kept as history. */
  'deadline.fired',
  /** A platform is offered a project; routed to that platform's own queue by `data.platformId`. */
  'match.offered',
] as const;
export type EventType = (typeof eventTypes)[number];

export const actorSchema = z.object({ role: z.enum([...roleIds, 'system']), id: z.string() });
export type Actor = z.infer<typeof actorSchema>;

export const domainEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1),
  actor: actorSchema,
  /** The aggregate the event is about, e.g. `{ kind: 'project', id: 'prj_…' }`. */
  subject: z.object({ kind: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
});
export type DomainEvent<T extends Record<string, unknown> = Record<string, unknown>> = Omit<
  z.infer<typeof domainEventSchema>,
  'data'
> & { data: T };

export function isKnownEventType(type: string): type is EventType {
  return (eventTypes as readonly string[]).includes(type);
}

export interface NewEventInput<T extends Record<string, unknown>> {
  type: EventType;
  actor: Actor;
  subject: { kind: string; id: string };
  data: T;
  correlationId: string;
  now?: Date;
  version?: number;
}

export function newEvent<T extends Record<string, unknown>>(input: NewEventInput<T>): DomainEvent<T> {
  const now = input.now ?? new Date();
  return {
    id: newId('evt', now),
    type: input.type,
    version: input.version ?? 1,
    occurredAt: now.toISOString(),
    correlationId: input.correlationId,
    actor: input.actor,
    subject: input.subject,
    data: input.data,
  };
}
