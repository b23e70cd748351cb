import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate } from './types.js';

/** The nominating partner and the commissioner: staff screened the project out, with the reason. */
export const projectScreenedOut: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `项目未通过初步筛选：${projectTitle(view)}`,
    heading: '项目未通过初步筛选',
    intro: `经武汉中心初步筛选，项目“${projectTitle(view)}”暂不进入评估环节。`,
    facts: [...projectFacts(view), ['筛除理由', field(view.event.data, 'reason')]],
    nextStep: '如对结果有疑问或补充材料，请联系所在区项目专员。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Project screened out: ${projectTitle(view)}`,
    heading: 'The project did not pass screening',
    intro: `After screening by the Wuhan centre, the project “${projectTitle(view)}” will not go on to evaluation for now.`,
    facts: [...projectFacts(view), ['Reason', field(view.event.data, 'reason')]],
    nextStep: "For questions or additional material, contact the district's commissioner.",
    link: projectLink(view),
  }),
};
