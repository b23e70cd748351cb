import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate } from './types.js';

/** Each expert put on a project's panel: what to review and by when (GET /v1/reviews/assigned lists it). */
export const evaluationAssigned: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `评审邀请：${projectTitle(view)}`,
    heading: '您被分配评审一个颠覆性技术项目',
    intro: `武汉中心邀请您对项目“${projectTitle(view)}”按七个维度（需求强烈、技术颠覆、生产可行、方案合理、能力匹配、收益满意、风险适当）评分。`,
    facts: [...projectFacts(view), ['截止日期', field(view.event.data, 'dueOn')]],
    nextStep:
      '请在截止日期前通过 POST /v1/projects/{id}/reviews 提交评分；如有利益冲突或无法评审，请通过 POST /v1/projects/{id}/reviews/decline 回避。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Review request: ${projectTitle(view)}`,
    heading: 'You have been assigned a disruptive-technology project to review',
    intro: `The Wuhan centre asks you to score the project “${projectTitle(view)}” on the seven dimensions (demand, disruptiveness, producibility, plan, capability, returns, risk).`,
    facts: [...projectFacts(view), ['Due on', field(view.event.data, 'dueOn')]],
    nextStep:
      'Submit your scores with POST /v1/projects/{id}/reviews by the due date; if you have a conflict of interest or cannot review, decline with POST /v1/projects/{id}/reviews/decline.',
    link: projectLink(view),
  }),
};
