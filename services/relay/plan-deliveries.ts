import type { EventEnvelope } from '@wuhan/domain';

export interface Delivery {
  /** The stream record the event came from: a failed send is reported against it. */
  recordId: string;
  queue: string;
  event: EventEnvelope;
}

/**
 * Which queue gets which event: one delivery per (event, routed queue). Pure, so routing is tested without AWS.
 * An event type with no route is returned apart, to be logged: it is a programming error, not a retryable one.
 */
export function planDeliveries(
  items: readonly { recordId: string; event: EventEnvelope }[],
  routing: Readonly<Record<string, readonly string[]>>,
): { deliveries: Delivery[]; unrouted: EventEnvelope[] } {
  const deliveries: Delivery[] = [];
  const unrouted: EventEnvelope[] = [];
  for (const { recordId, event } of items) {
    const queues = routing[event.type];
    // An empty list is deliberate: the event is kept as history (audit) and delivered nowhere.
    if (!queues) unrouted.push(event);
    else for (const queue of queues) deliveries.push({ recordId, queue, event });
  }
  return { deliveries, unrouted };
}

/** SendMessageBatch takes at most 10 entries. */
export function chunk<T>(values: readonly T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
