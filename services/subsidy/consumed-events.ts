import { consumedEventsOf, subsidyClaimReceivedEvent } from '@wuhan/domain';

/**
 * The event types the subsidy consumer reads: exactly those the topology's `eventRouting` sends to the subsidy
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried). Named by definition, so the consumer bundles only these schemas.
 */
export const subsidyEvents = consumedEventsOf('subsidy', [subsidyClaimReceivedEvent]);
