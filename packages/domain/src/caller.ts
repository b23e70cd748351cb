import type { Principal } from './api-keys.js';
import { type DomainEvent, type EventType, newEvent } from './events.js';

/**
 * Who asks, under which correlation id, at what time: every use case of every service takes one (HTTP routes build
 * it from the request; consumers from the event they handle).
 */
export interface Caller {
  principal: Principal;
  correlationId: string;
  now: Date;
}

/** An event about a project, carrying the request's correlation id so it follows the project to the email. */
export function projectEvent<T extends Record<string, unknown>>(
  caller: Caller,
  type: EventType,
  projectId: string,
  data: T,
): DomainEvent<T> {
  return newEvent({
    type,
    actor: { role: caller.principal.role, id: caller.principal.ownerId },
    subject: { kind: 'project', id: projectId },
    data: { projectId, ...data },
    correlationId: caller.correlationId,
    now: caller.now,
  });
}
