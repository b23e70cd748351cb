import { evaluationAssigned } from './evaluation-assigned.js';
import { evaluationOutcome } from './evaluation-outcome.js';
import { evaluationReviewDue } from './evaluation-review-due.js';
import { evaluationWaiting } from './evaluation-waiting.js';
import { eventRejected } from './event-rejected.js';
import { matchAnswered } from './match-answered.js';
import { nominationReceived } from './nomination-received.js';
import { notificationFailed } from './notification-failed.js';
import { projectAssigned } from './project-assigned.js';
import { projectMilestoneRecorded } from './project-milestone-recorded.js';
import { projectNominated } from './project-nominated.js';
import { projectRecommended } from './project-recommended.js';
import { projectScreenedOut } from './project-screened-out.js';
import { projectStatusChanged } from './project-status-changed.js';
import { projectUnassignedDistrict } from './project-unassigned-district.js';
import { projectUnmatched } from './project-unmatched.js';
import { subsidyCap, subsidyComputed, subsidyDecided, subsidyIneligible } from './subsidy.js';
import { systemTest } from './system-test.js';
import type { MailTemplate } from './types.js';

/** Every event template by id; the routing table names these ids. Adding a template is a file and a line here. */
export const templates = {
  'project-nominated': projectNominated,
  'nomination-received': nominationReceived,
  'project-recommended': projectRecommended,
  'project-assigned': projectAssigned,
  'project-unassigned-district': projectUnassignedDistrict,
  'project-screened-out': projectScreenedOut,
  'project-status-changed': projectStatusChanged,
  'project-milestone-recorded': projectMilestoneRecorded,
  'notification-failed': notificationFailed,
  'system-test': systemTest,
  'event-rejected': eventRejected,
  'evaluation-assigned': evaluationAssigned,
  'evaluation-review-due': evaluationReviewDue,
  'evaluation-waiting': evaluationWaiting,
  'evaluation-outcome': evaluationOutcome,
  'project-unmatched': projectUnmatched,
  'match-answered': matchAnswered,
  'subsidy-computed': subsidyComputed,
  'subsidy-decided': subsidyDecided,
  'subsidy-cap': subsidyCap,
  'subsidy-ineligible': subsidyIneligible,
} as const satisfies Record<string, MailTemplate>;

export type TemplateId = keyof typeof templates;
