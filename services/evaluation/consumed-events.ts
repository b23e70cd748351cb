import {
  consumedEventsOf,
  evaluationReviewOverdueEvent,
  evaluationReviewSubmittedEvent,
  evaluationReviewWithdrawnEvent,
  profileCreatedEvent,
  profileUpdatedEvent,
  projectNeedsConsensusEvent,
  projectNotQualifiedEvent,
  projectQualifiedEvent,
  projectStatusChangedEvent,
} from '@wuhan/domain';

/**
 * The event types the evaluation consumer reads: exactly those the topology's `eventRouting` sends to the evaluation
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried). Named by definition, so the consumer bundles only these schemas.
 */
export const evaluationEvents = consumedEventsOf('evaluation', [
  projectStatusChangedEvent,
  profileCreatedEvent,
  profileUpdatedEvent,
  evaluationReviewOverdueEvent,
  evaluationReviewSubmittedEvent,
  evaluationReviewWithdrawnEvent,
  projectQualifiedEvent,
  projectNotQualifiedEvent,
  projectNeedsConsensusEvent,
]);
