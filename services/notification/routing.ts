import type { EventType } from '@wuhan/domain';
import type { TemplateId } from './templates/index.js';

/**
 * Who is told about what, as data. Each event type lists its deliveries: a kind of recipient and the template
 * they get. Adding an event to email is a line here and a template file (see README.md).
 *
 * Recipient kinds and where their ids come from (event data first, the project item second):
 * - `staff`: every staff profile. A delivery marked `digestible` honours each staff member's preference for the
 *   event type (immediate, the default, or the daily digest).
 * - `commissioner`: `data.commissionerId`, else the project's `commissionerId`.
 * - `partner`: every partner in `data.partnerIds` (a decision about the project: all its recommenders), else
 *   the nominating partner's contact: `data.partnerId`, else `data.recommenderId` (a staff channel's
 *   recommender, `channel-…`, is no partner and reaches nobody), else the partner of `data.nominationId`.
 * - `experts`: `data.expertIds` (the experts assigned to review, a later capability).
 * - `platform`: `data.platformId` (the platform a project was matched to, a later capability).
 * - `fund_manager`: `data.fundManagerId` (subsidy claims, a later capability).
 * - `filer`: `data.filedBy` `{ role, id }`: who filed a subsidy claim (the fund manager, or the staff member).
 */
export const recipientKinds = [
  'staff',
  'commissioner',
  'partner',
  'experts',
  'platform',
  'fund_manager',
  'filer',
] as const;
export type RecipientKind = (typeof recipientKinds)[number];

/**
 * A condition on the event's data under which a delivery applies (`Delivery.when`): one event can then stand for
 * two outcomes. A nomination that creates a project names its commissioner (`commissionerId`), or names none
 * because no commissioner serves the district (`noCommissioner`), and each case emails someone else. Both hold
 * only for a nomination that `announcesAssignment`: one stored before (redelivered, or redriven from the DLQ)
 * was followed by its own project.assigned / project.unassigned_district, which email the same people.
 * `notMatchAnswer` keeps one fact to one email: the status event of a platform's acceptance, or of staff's
 * release of a match, is not the commissioner's (its match.accepted / match.released is).
 */
export const deliveryConditions = {
  commissionerId: (data) => data.announcesAssignment === true && named(data.commissionerId),
  noCommissioner: (data) => data.announcesAssignment === true && !named(data.commissionerId),
  // A platform's acceptance (a release) moves the project to matched (back to qualified) and writes match.accepted
  // (match.released) with the status event: the commissioner's one email about it is match-answered, which names
  // the platform and the new status.
  notMatchAnswer: (data) => data.command !== 'match_accepted' && data.command !== 'match_released',
} as const satisfies Record<string, (data: Readonly<Record<string, unknown>>) => boolean>;
export type DeliveryCondition = keyof typeof deliveryConditions;

function named(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

export interface Delivery {
  to: RecipientKind;
  template: TemplateId;
  /** Staff only: may go to the daily digest instead, per the staff member's preference for the event type. */
  digestible?: boolean;
  /** Only for events whose data meets this condition (absent: always). Read from the event, never the project. */
  when?: DeliveryCondition;
  /**
   * A second email to people another delivery of the event reaches too (staff hear of the nomination, and that
   * its district has no commissioner): claimed under its own key, `<role>#<id>#<template>`, so each of the two
   * is sent exactly once. Without it a person reached by two deliveries of one event gets the first one only.
   */
  separate?: boolean;
}

export const routing = {
  // A new project is one event (issue 13): the commissioner it was assigned to hears of it from here, and so do
  // staff when no commissioner serves its district (once project.assigned and project.unassigned_district).
  'project.nominated': [
    { to: 'staff', template: 'project-nominated', digestible: true },
    { to: 'partner', template: 'nomination-received' },
    { to: 'commissioner', template: 'project-assigned', when: 'commissionerId' },
    { to: 'staff', template: 'project-unassigned-district', when: 'noCommissioner', separate: true },
  ],
  'project.recommended': [
    { to: 'staff', template: 'project-recommended', digestible: true },
    { to: 'commissioner', template: 'project-recommended' },
    { to: 'partner', template: 'nomination-received' },
  ],
  // A reassignment (reassign.ts). Nominations emitted project.assigned too before they became one event, as they
  // did project.unassigned_district: both stay routed for events written then and still in flight.
  'project.assigned': [{ to: 'commissioner', template: 'project-assigned' }],
  'project.unassigned_district': [{ to: 'staff', template: 'project-unassigned-district' }],
  'project.screened_out': [
    { to: 'partner', template: 'project-screened-out' },
    { to: 'commissioner', template: 'project-screened-out' },
  ],
  // Every move but a platform's acceptance (match.accepted tells the commissioner that one); staff hear them all.
  'project.status_changed': [
    { to: 'commissioner', template: 'project-status-changed', when: 'notMatchAnswer' },
    { to: 'staff', template: 'project-status-changed', digestible: true },
  ],
  'project.milestone_recorded': [
    { to: 'staff', template: 'project-milestone-recorded', digestible: true },
    { to: 'commissioner', template: 'project-milestone-recorded' },
  ],
  // Staff only, and never a source of another notification.failed (see notify.ts): no loops.
  'notification.failed': [{ to: 'staff', template: 'notification-failed' }],
  'system.test': [{ to: 'staff', template: 'system-test' }],
  // Staff only. A consumer never publishes event.rejected about an event.rejected (batch.ts): no loops.
  'event.rejected': [{ to: 'staff', template: 'event-rejected' }],
  // §二(四) evaluation (services/evaluation): experts on assignment and at the due date, staff when short of
  // experts, recommending partners on the outcome (the commissioner hears project.status_changed).
  'evaluation.assigned': [{ to: 'experts', template: 'evaluation-assigned' }],
  'evaluation.review_due': [{ to: 'experts', template: 'evaluation-review-due' }],
  'evaluation.waiting_for_experts': [{ to: 'staff', template: 'evaluation-waiting' }],
  'project.qualified': [{ to: 'partner', template: 'evaluation-outcome' }],
  'project.not_qualified': [{ to: 'partner', template: 'evaluation-outcome' }],
  'project.needs_consensus': [
    { to: 'partner', template: 'evaluation-outcome' },
    { to: 'staff', template: 'evaluation-outcome' },
  ],
  // Matching (services/matching): no platform of a needed kind is left to offer the project.
  'project.unmatched': [{ to: 'staff', template: 'project-unmatched' }],
  // Matching: the project's commissioner is emailed each answer to an offer (issue 10 point 4).
  'match.accepted': [{ to: 'commissioner', template: 'match-answered' }],
  'match.declined': [{ to: 'commissioner', template: 'match-answered' }],
  'match.expired': [{ to: 'commissioner', template: 'match-answered' }],
  'match.released': [{ to: 'commissioner', template: 'match-answered' }],
  // Subsidy claims (services/subsidy): staff approve each computed claim and watch caps fill; the fund manager
  // the claim is for hears the decision.
  // A computed claim waits for staff's approval: a staff member may take these in the daily digest. Decisions
  // (to the fund manager) and caps filling (a warning to act on) stay immediate.
  'subsidy.computed': [{ to: 'staff', template: 'subsidy-computed', digestible: true }],
  'subsidy.approved': [{ to: 'fund_manager', template: 'subsidy-decided' }],
  'subsidy.rejected': [{ to: 'fund_manager', template: 'subsidy-decided' }],
  'subsidy.cap_warning': [{ to: 'staff', template: 'subsidy-cap' }],
  'subsidy.cap_reached': [{ to: 'staff', template: 'subsidy-cap' }],
  // Whoever filed a claim found ineligible hears why (nothing was reserved, so no decision will follow).
  'subsidy.ineligible': [{ to: 'filer', template: 'subsidy-ineligible' }],
} as const satisfies Partial<Record<EventType, readonly Delivery[]>>;

export type RoutedEventType = keyof typeof routing;

/** The deliveries for an event type, or undefined for a type nobody is emailed about (logged and counted). */
export function deliveriesFor(type: string): readonly Delivery[] | undefined {
  return (routing as Record<string, readonly Delivery[] | undefined>)[type];
}

/**
 * The deliveries that apply to this event: its type's, less those whose condition its data does not meet; or
 * undefined for a type nobody is emailed about.
 */
export function deliveriesOf(event: {
  type: string;
  data: Readonly<Record<string, unknown>>;
}): readonly Delivery[] | undefined {
  return deliveriesFor(event.type)?.filter(
    (d) => d.when === undefined || deliveryConditions[d.when](event.data),
  );
}
