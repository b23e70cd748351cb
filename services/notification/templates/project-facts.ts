import type { Locale } from '@wuhan/domain';
import { labels } from './labels.js';
import type { Fact, MailView } from './types.js';

const names = {
  'zh-CN': {
    title: '项目名称',
    id: '项目编号',
    district: '所在区',
    techField: '技术领域',
    stage: '发展阶段',
    lead: '牵头单位',
    untitled: '（未命名项目）',
  },
  en: {
    title: 'Project',
    id: 'Project id',
    district: 'District',
    techField: 'Technology field',
    stage: 'Stage',
    lead: 'Lead organisation',
    untitled: '(untitled project)',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/** The project's title for subjects and sentences; never empty, so a subject always names a project. */
export function projectTitle(view: MailView): string {
  return view.project?.title ?? view.project?.id ?? names[view.locale].untitled;
}

/** The rows every project email shows, in the recipient's language. */
export function projectFacts(view: MailView): Fact[] {
  const { locale, project } = view;
  const n = names[locale];
  return [
    [n.title, project?.title],
    [n.id, project?.id],
    [n.district, labels.district(project?.district, locale)],
    [n.techField, labels.techField(project?.techField, locale)],
    [n.stage, labels.stage(project?.stage, locale)],
    [n.lead, project?.leadOrganization],
  ];
}

export function projectLink(view: MailView): { label: string; url: string } | undefined {
  if (!view.links.project) return undefined;
  return { label: view.locale === 'en' ? 'Open the project' : '查看项目详情', url: view.links.project };
}
