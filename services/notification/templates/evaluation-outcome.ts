import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import type { MailTemplate, MailView } from './types.js';

const outcomes = {
  'project.qualified': { 'zh-CN': '评估通过', en: 'qualified' },
  'project.not_qualified': { 'zh-CN': '评估未通过', en: 'not qualified' },
  'project.needs_consensus': {
    'zh-CN': '专家意见分歧，待武汉中心会商',
    en: 'sent to staff for a consensus decision',
  },
} as const;

const outcomeOf = (view: MailView) =>
  (outcomes as Record<string, { 'zh-CN': string; en: string } | undefined>)[view.event.type];

function overall(view: MailView): string | undefined {
  const data: Record<string, unknown> = view.event.data;
  const means = data.means;
  if (typeof means === 'object' && means !== null && 'overall' in means && typeof means.overall === 'number')
    return String(means.overall);
  return undefined;
}

/** Recommending partners: the outcome and the overall mean (never who scored what). */
export const evaluationOutcome: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `评估结果：${projectTitle(view)}`,
    heading: `项目${outcomeOf(view)?.['zh-CN'] ?? '评估有结果'}`,
    intro: `项目“${projectTitle(view)}”的专家评估结果：${outcomeOf(view)?.['zh-CN'] ?? ''}。`,
    facts: [...projectFacts(view), ['加权总均分', overall(view)]],
    nextStep: '各维度均分可通过 GET /v1/projects/{id}/evaluation 查看。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Evaluation outcome: ${projectTitle(view)}`,
    heading: `The project is ${outcomeOf(view)?.en ?? 'decided'}`,
    intro: `The experts' evaluation of the project “${projectTitle(view)}”: ${outcomeOf(view)?.en ?? ''}.`,
    facts: [...projectFacts(view), ['Weighted overall mean', overall(view)]],
    nextStep: 'The mean of each dimension is at GET /v1/projects/{id}/evaluation.',
    link: projectLink(view),
  }),
};
