import { consumedEvents } from '@wuhan/domain';

/**
 * The event types the targets consumer reads: exactly those the topology's `eventRouting` sends to the targets
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried).
 */
export const targetsEvents = consumedEvents('targets', [
  'project.status_changed',
  'project.milestone_recorded',
]);
