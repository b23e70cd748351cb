import { consumedEvents } from '@wuhan/domain';

/**
 * The event types the evaluation consumer reads: exactly those the topology's `eventRouting` sends to the evaluation
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried).
 */
export const evaluationEvents = consumedEvents('evaluation', [
  'project.status_changed',
  'profile.created',
  'profile.updated',
  'evaluation.review_overdue',
  'evaluation.review_submitted',
  'evaluation.review_withdrawn',
  'project.qualified',
  'project.not_qualified',
  'project.needs_consensus',
]);
