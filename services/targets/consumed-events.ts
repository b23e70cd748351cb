import { consumedEventsOf, projectMilestoneRecordedEvent, projectStatusChangedEvent } from '@wuhan/domain';

/**
 * The event types the targets consumer reads: exactly those the topology's `eventRouting` sends to the targets
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried). Named by definition, so the consumer bundles only these schemas.
 */
export const targetsEvents = consumedEventsOf('targets', [
  projectStatusChangedEvent,
  projectMilestoneRecordedEvent,
]);
