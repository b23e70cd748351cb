import type { Principal } from './api-keys.js';
import {
  type CatalogEventDefinition,
  type DomainEvent,
  type EventType,
  type NewEventInput,
  newEvent,
  newEventOf,
} from './events.js';

/**
 * Who asks, under which correlation id, at what time: every use case of every service takes one (HTTP routes build
 * it from the request; consumers from the event they handle).
 */
export interface Caller {
  principal: Principal;
  correlationId: string;
  now: Date;
}

/** The event types whose data names the project (`projectId`), i.e. the ones a project use case writes. */
export type ProjectEventType = {
  [K in EventType]: NewEventInput<K>['data'] extends { projectId: string } ? K : never;
}[EventType];

type WithoutProjectId<D> = D extends unknown ? Omit<D, 'projectId'> : never;

/** An event about a project, carrying the request's correlation id so it follows the project to the email. */
export function projectEvent<T extends ProjectEventType>(
  caller: Caller,
  type: T,
  projectId: string,
  data: WithoutProjectId<NewEventInput<T>['data']>,
): DomainEvent<T> {
  return newEvent<T>({
    type,
    actor: { role: caller.principal.role, id: caller.principal.ownerId },
    subject: { kind: 'project', id: projectId },
    // The spread restores the one field the parameter leaves out; newEvent parses the result against T's schema.
    data: { projectId, ...data } as NewEventInput<T>['data'],
    correlationId: caller.correlationId,
    now: caller.now,
  });
}

/**
 * `projectEvent` with the type's definition (`projectStatusChangedEvent`…) instead of its name: bundles only that
 * definition's schema, where `projectEvent` looks the name up in the whole catalog (issue 13).
 */
export function projectEventOf<T extends ProjectEventType>(
  caller: Caller,
  definition: CatalogEventDefinition<T> & { readonly type: T },
  projectId: string,
  data: WithoutProjectId<NewEventInput<T>['data']>,
): DomainEvent<T> {
  return newEventOf<T>(definition, {
    actor: { role: caller.principal.role, id: caller.principal.ownerId },
    subject: { kind: 'project', id: projectId },
    // The spread restores the one field the parameter leaves out; newEventOf parses the result against T's schema.
    data: { projectId, ...data } as NewEventInput<T>['data'],
    correlationId: caller.correlationId,
    now: caller.now,
  });
}

/** The actor an event records for what this caller did. */
export const actorOf = (caller: Caller) => ({ role: caller.principal.role, id: caller.principal.ownerId });
