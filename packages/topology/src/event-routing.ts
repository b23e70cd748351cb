import { toPlatformQueueBy } from './platforms.js';
import type { Topology } from './types.js';

/**
 * Event type → queues: where the relay delivers each event of the catalog. The notification queue hears
 * everything a person may need to know. Every catalog type needs a line here (`[]` = history only).
 *
 * A module of its own, with no schema and no function spec, so the relay reads the routing without the
 * contract's operations that topology.ts builds the API functions with (issue 13); `topology.eventRouting` is
 * this same value, the one source of truth.
 */
export const eventRouting: Topology['eventRouting'] = {
  'project.nominated': ['notification'],
  'project.recommended': ['notification'],
  'project.assigned': ['notification'],
  'project.unassigned_district': ['notification'],
  'project.screened_out': ['notification'],
  // Evaluation hears a project entering review (to: under_review) and assigns its experts.
  'project.status_changed': ['notification', 'targets', 'evaluation'],
  'project.milestone_recorded': ['notification', 'targets'],
  'notification.failed': ['notification'],
  // A warning kept as history (the project's page shows it); emailing about it would only add noise.
  'notification.skipped': [],
  'system.test': ['notification'],
  // Recorded as history (audit trail) only.
  'apikey.issued': [],
  'apikey.revoked': [],
  // A deadline's generic event is kept as the subject's history; capabilities route their own types.
  'deadline.fired': [],
  // A consumer refused a message for good (packages/middleware/src/batch.ts): staff are emailed.
  'event.rejected': ['notification'],
  // Profiles' audit history (services/profiles): kept in each profile's partition, delivered nowhere.
  // Evaluation hears an expert added and resumes the projects waiting for experts.
  'profile.created': ['evaluation'],
  // An expert's raised capacity or new fields can seat a waiting project (evaluation resumes the waiting ones).
  'profile.updated': ['evaluation'],
  'profile.deactivated': [],
  // A field route: an offer goes to the offered platform's own queue and nowhere else (issue 8, point 4). The
  // matching capability will produce it; until then it exercises the mechanism end to end.
  'match.offered': [toPlatformQueueBy('platformId')],
  // The set's audit history; no one is emailed about a parameter change yet.
  'parameters.published': [],
  // A key's rotation is its audit history only, like its issue and revocation.
  'apikey.rotated': [],
  // §二(四) evaluation (services/evaluation): experts emailed on assignment and at the due date, staff when the
  // pool is short; the consumer replaces overdue and withdrawn reviews and decides once the reviews are in.
  'evaluation.assigned': ['notification'],
  'evaluation.waiting_for_experts': ['notification'],
  'evaluation.review_due': ['notification'],
  'evaluation.review_overdue': ['evaluation'],
  'evaluation.review_submitted': ['evaluation'],
  'evaluation.review_withdrawn': ['evaluation'],
  // The outcome: recommending partners emailed (the commissioner hears project.status_changed).
  // A closed evaluation frees its experts' slots: evaluation resumes the projects waiting for experts; a
  // qualified project goes to matching.
  'project.qualified': ['notification', 'evaluation', 'matching'],
  'project.not_qualified': ['notification', 'evaluation'],
  'project.needs_consensus': ['notification', 'evaluation'],
  // Staff set the final stage: kept in the project's history (matching reads the stage from the project).
  'project.stage_set': [],
  // Matching (services/matching): an offer's respond-by deadline fired; matching expires it, offers the next.
  'offer.expired': ['matching'],
  // A platform's answer: the commissioner is emailed each (accepted, declined); a decline sends matching on to
  // the next platform of that kind.
  'match.accepted': ['notification'],
  'match.declined': ['matching', 'notification'],
  // Nobody left to offer the project: staff are emailed.
  'project.unmatched': ['notification'],
  // Matching expired an unanswered offer: the commissioner is emailed.
  'match.expired': ['notification'],
  // Staff released an accepted match: matching offers the next platform of that kind; the commissioner is emailed.
  'match.released': ['matching', 'notification'],
  // Subsidy claims (services/subsidy): a filed claim goes to the subsidy consumer to be assessed and reserved;
  // staff are emailed each computed claim awaiting approval and each cap at 80 % / 100 %; the claim's fund
  // manager is emailed the decision. An ineligible claim is its history (its filer reads the reasons on GET).
  'subsidy.claim_received': ['subsidy'],
  'subsidy.computed': ['notification'],
  'subsidy.ineligible': ['notification'],
  'subsidy.approved': ['notification'],
  'subsidy.rejected': ['notification'],
  'subsidy.cap_warning': ['notification'],
  'subsidy.cap_reached': ['notification'],
};
