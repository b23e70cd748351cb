import type { Locale } from '@wuhan/domain';
import type { TemplateId } from './index.js';
import { projectMilestoneRecordedSubject } from './project-milestone-recorded.js';
import { projectNominatedSubject } from './project-nominated.js';
import { projectRecommendedSubject } from './project-recommended.js';
import { projectStatusChangedSubject } from './project-status-changed.js';
import { subsidyComputedSubject } from './subsidy.js';
import type { MailView } from './types.js';

/** A template's subject line alone, in each language: what its email's `subject` is, byte for byte. */
export type MailSubject = Readonly<Record<Locale, (view: MailView) => string>>;

/**
 * The subjects the daily digest lists: those of the deliveries routing.ts marks `digestible`, the only ones a
 * digest entry is ever written for (notify.ts). Each template module exports its subject apart from its body
 * and builds its email's subject with it, so the digest function, which shows only subjects, bundles no
 * template body, labels or facts (issue 13). digest-templates.test.ts fails when this list and the routing's
 * digestible deliveries differ, or a subject differs from its email's.
 */
export const digestSubjects = {
  'project-nominated': projectNominatedSubject,
  'project-recommended': projectRecommendedSubject,
  'project-status-changed': projectStatusChangedSubject,
  'project-milestone-recorded': projectMilestoneRecordedSubject,
  'subsidy-computed': subsidyComputedSubject,
} as const satisfies Partial<Record<TemplateId, MailSubject>>;
