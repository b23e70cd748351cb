import type { EventEnvelope } from '@wuhan/domain';
import { type EventRoute, isFieldRoute } from '@wuhan/topology';

export interface RelayItem {
  /** The stream record the event came from: a failed send is reported against it. */
  recordId: string;
  event: EventEnvelope;
}

export interface Delivery extends RelayItem {
  queue: string;
}

/** Why an event cannot be delivered; each is permanent, so the relay parks the event instead of retrying it. */
export type UndeliverableReason =
  /** No routing entry for the event's type (a producer deployed ahead of the topology). */
  | 'no-route'
  /** A field route's field is missing from the event's data, or is not a string. */
  | 'route-field-missing'
  /** A field route's field holds a value that is not one of its targets. */
  | 'route-target-unknown'
  /** The message is larger than SQS accepts. */
  | 'too-large'
  /** SQS refused the message for good (e.g. InvalidMessageContents). */
  | 'rejected';

export interface Undeliverable extends RelayItem {
  reason: UndeliverableReason;
  /** A sentence for the person who reads it; names the field, value or SQS code, never the event's data. */
  detail: string;
  /** The queue the event was meant for, when it got that far. */
  queue?: string;
  /** The code SQS refused the message with (`rejected`). */
  sqsCode?: string;
}

export interface DeliveryPlan {
  deliveries: Delivery[];
  undeliverable: Undeliverable[];
}

type Resolved = { queue: string } | { reason: UndeliverableReason; detail: string };

/**
 * A field route picks the queue its `targets` give for the event's `data[byField]`. Any other value resolves to
 * no queue at all: the event is never sent somewhere the route does not name.
 */
function resolve(route: EventRoute, event: EventEnvelope): Resolved {
  if (!isFieldRoute(route)) return { queue: route };
  const value = event.data[route.byField];
  if (typeof value !== 'string')
    return { reason: 'route-field-missing', detail: `data.${route.byField} is missing or not a string` };
  // Own properties only: `toString` or `__proto__` in the data must not find something on the prototype.
  const queue = Object.hasOwn(route.targets, value) ? route.targets[value] : undefined;
  if (queue === undefined)
    return {
      reason: 'route-target-unknown',
      detail: `data.${route.byField} = ${JSON.stringify(value)} is not one of the route's targets`,
    };
  return { queue };
}

/**
 * Which queue gets which event: one delivery per (event, queue its routes resolve to), each queue once per event.
 * Pure, so routing is tested without AWS. What cannot be routed is returned apart with its reason, to be parked
 * on relay-undeliverable: retrying would not change the answer.
 */
export function planDeliveries(
  items: readonly RelayItem[],
  routing: Readonly<Record<string, readonly EventRoute[]>>,
): DeliveryPlan {
  const plan: DeliveryPlan = { deliveries: [], undeliverable: [] };
  for (const item of items) {
    const routes = Object.hasOwn(routing, item.event.type) ? routing[item.event.type] : undefined;
    // An empty list is deliberate: the event is kept as history (audit) and delivered nowhere.
    if (!routes) {
      plan.undeliverable.push({
        ...item,
        reason: 'no-route',
        detail: `event type ${item.event.type} has no route`,
      });
      continue;
    }
    const queues = new Set<string>();
    for (const route of routes) {
      const resolved = resolve(route, item.event);
      if ('queue' in resolved) queues.add(resolved.queue);
      else plan.undeliverable.push({ ...item, ...resolved });
    }
    for (const queue of queues) plan.deliveries.push({ ...item, queue });
  }
  return plan;
}
