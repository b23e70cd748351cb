import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate } from './types.js';

/** The nominating partner's contact: a receipt with the ids to quote. */
export const nominationReceived: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `推荐已受理：${projectTitle(view)}`,
    heading: '您的项目推荐已受理',
    intro: `贵单位推荐的项目“${projectTitle(view)}”已登记，武汉中心将组织筛选与评估。`,
    facts: [...projectFacts(view), ['推荐编号', field(view.event.data, 'nominationId')]],
    nextStep: '无需其他操作；如需查询进度，请在系统中按推荐编号查看，或联系所在区项目专员。',
    link: view.links.nomination ? { label: '查看推荐记录', url: view.links.nomination } : projectLink(view),
  }),
  en: (view) => ({
    subject: `Nomination received: ${projectTitle(view)}`,
    heading: 'Your nomination was received',
    intro: `The project “${projectTitle(view)}” you nominated is registered; the Wuhan centre will screen and evaluate it.`,
    facts: [...projectFacts(view), ['Nomination id', field(view.event.data, 'nominationId')]],
    nextStep:
      "Nothing else is needed; quote the nomination id when asking about progress, or contact the district's commissioner.",
    link: view.links.nomination
      ? { label: 'Open the nomination', url: view.links.nomination }
      : projectLink(view),
  }),
};
