import { consumedEvents } from '@wuhan/domain';

/**
 * The event types the subsidy consumer reads: exactly those the topology's `eventRouting` sends to the subsidy
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried).
 */
export const subsidyEvents = consumedEvents('subsidy', ['subsidy.claim_received']);
