import type { TemplateId } from './index.js';
import { projectMilestoneRecorded } from './project-milestone-recorded.js';
import { projectNominated } from './project-nominated.js';
import { projectRecommended } from './project-recommended.js';
import { projectStatusChanged } from './project-status-changed.js';
import { subsidyComputed } from './subsidy.js';
import type { MailTemplate } from './types.js';

/**
 * The templates whose subjects the daily digest lists: those of the deliveries routing.ts marks `digestible`,
 * the only ones a digest entry is ever written for (notify.ts). The digest function looks templates up here,
 * not in the whole registry, so its bundle leaves out the templates it never renders (issue 13);
 * digest-templates.test.ts fails when this list and the routing's digestible deliveries differ.
 */
export const digestTemplates = {
  'project-nominated': projectNominated,
  'project-recommended': projectRecommended,
  'project-status-changed': projectStatusChanged,
  'project-milestone-recorded': projectMilestoneRecorded,
  'subsidy-computed': subsidyComputed,
} as const satisfies Partial<Record<TemplateId, MailTemplate>>;
