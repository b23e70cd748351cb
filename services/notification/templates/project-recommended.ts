import type { Locale } from '@wuhan/domain';
import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate, type MailView } from './types.js';

/** The subject on its own: the daily digest lists it and bundles nothing of the body (issue 13). */
export const projectRecommendedSubject: Readonly<Record<Locale, (view: MailView) => string>> = {
  'zh-CN': (view) => `项目获得新的推荐：${projectTitle(view)}`,
  en: (view) => `Project recommended again: ${projectTitle(view)}`,
};

/** Staff and the commissioner: another partner recommended a project already in the pool. */
export const projectRecommended: MailTemplate = {
  'zh-CN': (view) => ({
    subject: projectRecommendedSubject['zh-CN'](view),
    heading: '已有项目获得另一推荐单位推荐',
    intro: `项目“${projectTitle(view)}”已在项目库中，现又获得一家推荐单位推荐，推荐已合并到该项目。`,
    facts: [...projectFacts(view), ['推荐编号', field(view.event.data, 'nominationId')]],
    nextStep: '请在项目详情中查看全部推荐记录，评估时一并参考。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: projectRecommendedSubject.en(view),
    heading: 'A project in the pool received another recommendation',
    intro: `The project “${projectTitle(view)}” is already in the pool; another partner has now recommended it, and the recommendation was attached to it.`,
    facts: [...projectFacts(view), ['Nomination id', field(view.event.data, 'nominationId')]],
    nextStep:
      "See every recommendation in the project's details and take them into account in the evaluation.",
    link: projectLink(view),
  }),
};
