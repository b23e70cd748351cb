import type { Locale } from '@wuhan/domain';
import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { type Fact, field, type MailTemplate, type MailView } from './types.js';

const kindNames: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    enterprise_landed: '企业落地',
    national_library_entered: '入选国家颠覆性技术项目库',
    stage_changed: '发展阶段变更',
  },
  en: {
    enterprise_landed: 'enterprise landed',
    national_library_entered: 'entered the national project library',
    stage_changed: 'stage changed',
  },
};

/** The milestone as intake records it (`data.milestone`), read as a plain record: each kind has its own fields. */
function milestoneOf(view: MailView): Record<string, unknown> {
  return view.event.type === 'project.milestone_recorded' ? view.event.data.milestone : {};
}

function milestoneFacts(view: MailView): Fact[] {
  const d = milestoneOf(view);
  const zh = view.locale === 'zh-CN';
  return [
    [zh ? '里程碑' : 'Milestone', kindNames[view.locale][field(d, 'type') ?? ''] ?? field(d, 'type')],
    [zh ? '日期' : 'Date', field(d, 'date')],
    [zh ? '企业名称' : 'Enterprise', field(d, 'enterpriseName')],
    [zh ? '统一社会信用代码' : 'Credit code', field(d, 'creditCode')],
    [zh ? '入库编号' : 'Library reference', field(d, 'reference')],
    [zh ? '说明' : 'Reason', field(d, 'reason')],
  ];
}

/** The subject on its own: the daily digest lists it and bundles nothing of the body (issue 13). */
export const projectMilestoneRecordedSubject: Readonly<Record<Locale, (view: MailView) => string>> = {
  'zh-CN': (view) =>
    `项目里程碑：${kindNames['zh-CN'][field(milestoneOf(view), 'type') ?? ''] ?? '新里程碑'}：${projectTitle(view)}`,
  en: (view) =>
    `Milestone, ${kindNames.en[field(milestoneOf(view), 'type') ?? ''] ?? 'new milestone'}: ${projectTitle(view)}`,
};

/** Staff and the commissioner: a milestone counted towards the programme's targets (§一). */
export const projectMilestoneRecorded: MailTemplate = {
  'zh-CN': (view) => ({
    subject: projectMilestoneRecordedSubject['zh-CN'](view),
    heading: '项目记录了新的里程碑',
    intro: `项目“${projectTitle(view)}”记录了新的里程碑。`,
    facts: [...projectFacts(view), ...milestoneFacts(view)],
    nextStep: '请核对里程碑信息；企业落地将计入孵化落地目标，并作为后续补贴审核的依据。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: projectMilestoneRecordedSubject.en(view),
    heading: 'The project recorded a milestone',
    intro: `The project “${projectTitle(view)}” recorded a new milestone.`,
    facts: [...projectFacts(view), ...milestoneFacts(view)],
    nextStep:
      'Check the milestone; a landed enterprise counts towards the landing target and is what later subsidy checks rely on.',
    link: projectLink(view),
  }),
};
