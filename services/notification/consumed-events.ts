import { consumedEvents } from '@wuhan/domain';

/**
 * The event types the notification consumer reads: exactly those the topology's `eventRouting` sends to the notification
 * queue (test/unit/events/consumed-events.test.ts fails when the two differ). Any other type is refused as
 * unknown (recorded, staff told, not retried).
 */
export const notificationEvents = consumedEvents('notification', [
  'project.nominated',
  'project.recommended',
  'project.assigned',
  'project.unassigned_district',
  'project.screened_out',
  'project.status_changed',
  'project.milestone_recorded',
  'notification.failed',
  'system.test',
  'event.rejected',
  'evaluation.assigned',
  'evaluation.waiting_for_experts',
  'evaluation.review_due',
  'project.qualified',
  'project.not_qualified',
  'project.needs_consensus',
  'match.accepted',
  'match.declined',
  'project.unmatched',
  'match.expired',
  'match.released',
  'subsidy.computed',
  'subsidy.ineligible',
  'subsidy.approved',
  'subsidy.rejected',
  'subsidy.cap_warning',
  'subsidy.cap_reached',
]);
