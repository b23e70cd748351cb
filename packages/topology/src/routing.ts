import type { EventRoute, FieldRoute, Topology } from './types.js';

/**
 * Where the relay parks an event it cannot deliver (no route, a field value outside a field route's targets, a
 * message SQS refuses for good): a queue people inspect and redrive, watched by the operations alarm.
 */
export const RELAY_UNDELIVERABLE_QUEUE = 'relay-undeliverable';

/** A queue a person reads (the console, a redrive), not a function or a partner system. */
export const STAFF_CONSUMER = 'staff';

export function isFieldRoute(route: EventRoute): route is FieldRoute {
  return typeof route !== 'string';
}

/** Every queue one route can reach: the queue itself, or each target of a field route. */
export function routeTargets(route: EventRoute): string[] {
  return isFieldRoute(route) ? Object.values(route.targets) : [route];
}

/** Every queue the routing can reach, each once: exactly what the relay must be allowed to send to. */
export function routingTargets(routing: Topology['eventRouting']): string[] {
  return [...new Set(Object.values(routing).flatMap((routes) => routes.flatMap(routeTargets)))];
}
