import type { Locale } from '@wuhan/domain';
import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate, type MailView } from './types.js';

/** The subject on its own: the daily digest lists it and bundles nothing of the body (issue 13). */
export const projectNominatedSubject: Readonly<Record<Locale, (view: MailView) => string>> = {
  'zh-CN': (view) => `新项目推荐：${projectTitle(view)}`,
  en: (view) => `New project nominated: ${projectTitle(view)}`,
};

/** Staff and the district's commissioner: a partner nominated a new project (§二(三)). */
export const projectNominated: MailTemplate = {
  'zh-CN': (view) => ({
    subject: projectNominatedSubject['zh-CN'](view),
    heading: '收到新的颠覆性技术项目推荐',
    intro: `推荐单位提交了新项目“${projectTitle(view)}”，已进入项目库，状态为“已推荐”。`,
    facts: [...projectFacts(view), ['推荐编号', field(view.event.data, 'nominationId')]],
    nextStep: '请查看项目材料并开展初步筛选；不符合条件的项目请填写理由后筛除。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: projectNominatedSubject.en(view),
    heading: 'A new disruptive-technology project was nominated',
    intro: `A partner nominated the new project “${projectTitle(view)}”; it is now in the project pool with status “nominated”.`,
    facts: [...projectFacts(view), ['Nomination id', field(view.event.data, 'nominationId')]],
    nextStep:
      'Review the project materials and screen it; screen out a project that does not qualify, with a reason.',
    link: projectLink(view),
  }),
};
