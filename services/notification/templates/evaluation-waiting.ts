import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate } from './types.js';

/** Staff: too few eligible experts for a project; it waits until an expert is added. */
export const evaluationWaiting: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `项目等待评审专家：${projectTitle(view)}`,
    heading: '可分配的评审专家不足',
    intro: `项目“${projectTitle(view)}”还缺 ${field(view.event.data, 'shortBy') ?? ''} 名无利益冲突、未满负荷的专家。`,
    facts: projectFacts(view),
    nextStep: '请在专家库中补充该领域的专家（POST /v1/experts）；补充后系统将自动继续分配。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Project waiting for experts: ${projectTitle(view)}`,
    heading: 'Not enough eligible experts',
    intro: `The project “${projectTitle(view)}” still needs ${field(view.event.data, 'shortBy') ?? ''} expert(s) without a conflict of interest and below their maximum load.`,
    facts: projectFacts(view),
    nextStep: 'Add experts of the field to the pool (POST /v1/experts); assignment resumes by itself.',
    link: projectLink(view),
  }),
};
