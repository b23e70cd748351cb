import { type Locale, type ProjectStatus, projectStatuses } from '@wuhan/domain';
import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate, type MailView } from './types.js';

/**
 * Project statuses as people read them: Chinese from the domain's status table, English here. An unknown status
 * (one added later) shows its identifier.
 */
const statusNames: Record<Locale, Readonly<Record<string, string>>> = {
  'zh-CN': projectStatuses,
  en: {
    nominated: 'nominated',
    screened_out: 'screened out',
    under_review: 'under review',
    qualified: 'qualified',
    not_qualified: 'not qualified',
    needs_consensus: 'needs a consensus decision',
    matched: 'matched',
    incubating: 'incubating',
    landed: 'landed',
  } satisfies Record<ProjectStatus, string>,
};

function status(locale: Locale, id: string | undefined): string | undefined {
  return id === undefined ? undefined : (statusNames[locale][id] ?? id);
}

/** A status as the recipient reads it (match-answered names the move an acceptance made). */
export const statusName = status;

/** The subject on its own: the daily digest lists it and bundles nothing of the body (issue 13). */
export const projectStatusChangedSubject: Readonly<Record<Locale, (view: MailView) => string>> = {
  'zh-CN': (view) =>
    `项目状态更新为“${status('zh-CN', field(view.event.data, 'to')) ?? '新状态'}”：${projectTitle(view)}`,
  en: (view) =>
    `Project now ${status('en', field(view.event.data, 'to')) ?? 'in a new status'}: ${projectTitle(view)}`,
};

/** The commissioner and staff: the project moved along its lifecycle. */
export const projectStatusChanged: MailTemplate = {
  'zh-CN': (view) => {
    const to = status('zh-CN', field(view.event.data, 'to'));
    return {
      subject: projectStatusChangedSubject['zh-CN'](view),
      heading: '项目状态已更新',
      intro: `项目“${projectTitle(view)}”的状态已由“${status('zh-CN', field(view.event.data, 'from')) ?? '—'}”变更为“${to ?? '—'}”。`,
      facts: projectFacts(view),
      nextStep: '请根据新状态安排后续工作（评估、匹配或落地服务）。',
      link: projectLink(view),
    };
  },
  en: (view) => {
    const to = status('en', field(view.event.data, 'to'));
    return {
      subject: projectStatusChangedSubject.en(view),
      heading: "The project's status changed",
      intro: `The project “${projectTitle(view)}” moved from “${status('en', field(view.event.data, 'from')) ?? '—'}” to “${to ?? '—'}”.`,
      facts: projectFacts(view),
      nextStep: 'Plan the next step for the new status (evaluation, matching or landing support).',
      link: projectLink(view),
    };
  },
};
