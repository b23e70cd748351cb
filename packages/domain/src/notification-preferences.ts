import type { EventType } from './events.js';

/**
 * Event types a staff member may take in the 08:30 daily digest instead of one email each. Shared by the
 * preferences API (what staff may choose) and notification (whose routing marks exactly these deliveries
 * `digestible`; services/notification/routing.test.ts proves the two agree).
 */
export const digestibleEventTypes = [
  'project.milestone_recorded',
  'project.nominated',
  'project.recommended',
  'project.status_changed',
  // Each computed subsidy claim awaiting approval: staff work through them in a batch, not one by one.
  'subsidy.computed',
] as const satisfies readonly EventType[];
export type DigestibleEventType = (typeof digestibleEventTypes)[number];
