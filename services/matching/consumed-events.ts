import {
  consumedEventsOf,
  matchDeclinedEvent,
  matchReleasedEvent,
  offerExpiredEvent,
  projectQualifiedEvent,
} from '@wuhan/domain';

/**
 * The event types the matching consumer reads: exactly those the topology's `eventRouting` sends to the matching
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried). Named by definition, so the consumer bundles only these schemas.
 */
export const matchingEvents = consumedEventsOf('matching', [
  projectQualifiedEvent,
  offerExpiredEvent,
  matchDeclinedEvent,
  matchReleasedEvent,
]);
