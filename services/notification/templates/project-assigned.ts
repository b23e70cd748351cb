import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import type { MailTemplate } from './types.js';

/** The commissioner a project was assigned to (§二(二): commissioners discover, coach and land projects). */
export const projectAssigned: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `项目已分配给您：${projectTitle(view)}`,
    heading: '您有一个新的项目需要跟进',
    intro: `项目“${projectTitle(view)}”已分配给您作为项目专员。`,
    facts: projectFacts(view),
    nextStep: '请在 5 个工作日内联系项目团队，了解项目情况并做好辅导与落地服务。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Project assigned to you: ${projectTitle(view)}`,
    heading: 'A new project for you to follow',
    intro: `You are now the commissioner of the project “${projectTitle(view)}”.`,
    facts: projectFacts(view),
    nextStep:
      'Contact the project team within 5 working days to learn about the project and plan coaching and landing.',
    link: projectLink(view),
  }),
};
