import { labels } from './labels.js';
import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import type { MailTemplate } from './types.js';

/** Staff: no commissioner serves the project's district, so a person must pick one. */
export const projectUnassignedDistrict: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `项目待分配专员：${projectTitle(view)}`,
    heading: '项目所在区暂无项目专员',
    intro: `项目“${projectTitle(view)}”所在的${labels.district(view.project?.district, 'zh-CN') ?? '区'}没有可分配的项目专员，项目尚未分配。`,
    facts: projectFacts(view),
    nextStep: '请为该项目指定项目专员，或为该区补充项目专员。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Project needs a commissioner: ${projectTitle(view)}`,
    heading: "No commissioner serves the project's district",
    intro: `The project “${projectTitle(view)}” could not be assigned: ${labels.district(view.project?.district, 'en') ?? 'its district'} has no commissioner.`,
    facts: projectFacts(view),
    nextStep: 'Assign a commissioner to the project, or add a commissioner for the district.',
    link: projectLink(view),
  }),
};
