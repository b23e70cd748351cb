import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate } from './types.js';

/** The expert whose review is due today and not yet in: a reminder before it is reassigned. */
export const evaluationReviewDue: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `评审提醒：${projectTitle(view)} 今日到期`,
    heading: '您的项目评审今日到期',
    intro: `项目“${projectTitle(view)}”的评审今日到期，我们尚未收到您的评分。`,
    facts: [...projectFacts(view), ['截止日期', field(view.event.data, 'dueOn')]],
    nextStep: '请尽快提交评分；宽限期结束后仍未提交的评审将改派其他专家。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Reminder: your review of ${projectTitle(view)} is due today`,
    heading: 'Your review is due today',
    intro: `Your review of the project “${projectTitle(view)}” is due today and has not been received.`,
    facts: [...projectFacts(view), ['Due on', field(view.event.data, 'dueOn')]],
    nextStep: 'Please submit your scores soon: a review still missing after the grace period is reassigned.',
    link: projectLink(view),
  }),
};
