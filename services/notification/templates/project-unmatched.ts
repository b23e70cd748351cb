import { platformKinds } from '@wuhan/domain';
import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import type { MailTemplate } from './types.js';

const englishKinds: Readonly<Record<string, string>> = {
  concept_verification_center: 'concept-verification centre',
  pilot_platform: 'pilot platform',
  finance: 'finance platform',
  landing_park: 'landing park',
};

/** The kinds left without a platform, as the event names them (unknown values are shown as they are). */
function kindsOf(data: Record<string, unknown>, language: 'zh-CN' | 'en'): string {
  const kinds = Array.isArray(data.kinds) ? data.kinds.map(String) : [];
  const names: Readonly<Record<string, string>> = language === 'zh-CN' ? platformKinds : englishKinds;
  return kinds.map((k) => names[k] ?? k).join(language === 'zh-CN' ? '、' : ', ');
}

/** Staff: no eligible platform of a kind the project's stage needs is left (all declined, expired or full). */
export const projectUnmatched: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `项目暂无可匹配平台：${projectTitle(view)}`,
    heading: '没有可提供的平台',
    intro: `项目“${projectTitle(view)}”已无可匹配的${kindsOf(view.event.data, 'zh-CN')}（均已婉拒、过期或满额）。`,
    facts: projectFacts(view),
    nextStep: '请联系相关平台或新增平台（POST /v1/platforms）。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `No platform left for project: ${projectTitle(view)}`,
    heading: 'No platform to offer it to',
    intro: `No eligible ${kindsOf(view.event.data, 'en')} is left for the project “${projectTitle(view)}” (all declined, expired or full).`,
    facts: projectFacts(view),
    nextStep: 'Contact the platforms or add one (POST /v1/platforms).',
    link: projectLink(view),
  }),
};
