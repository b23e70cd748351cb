import type { DomainEvent, EventType, Profile } from '@wuhan/domain';
import type { RoutedEventType } from './routing.js';
import type { ProjectFacts } from './templates/types.js';

/**
 * Sample data for the snapshot tests and `npm run preview:emails`: one event of every routed type, with fixed
 * ids and times so renderings are stable.
 */
export const sampleProject: ProjectFacts = {
  id: 'prj_01JQ8Z7K3M4N5P6Q7R8S9T0V1W',
  title: '基于钙钛矿叠层的柔性未来显示屏中试',
  district: 'east_lake_hitech',
  techField: 'future_display',
  stage: 'sprouting',
  leadOrganization: '华中科技大学',
  nominationId: 'nom_01JQ8Z7K3M4N5P6Q7R8S9T0V1W',
  commissionerId: 'com-elh-1',
};

const base = {
  version: 1,
  occurredAt: '2025-03-18T06:30:00.000Z',
  correlationId: 'cor_01JQ8Z7K3M4N5P6Q7R8S9T0V1W',
  actor: { role: 'partner' as const, id: 'ptn-hust' },
  subject: { kind: 'project', id: sampleProject.id },
};

const subsidyBase = {
  ...base,
  actor: { role: 'system' as const, id: 'subsidy' },
  subject: { kind: 'subsidy_claim', id: 'sbc_01JQ8Z7K3M4N5P6Q7R8S9T0V5A' },
};
const subsidyRef = {
  claimId: 'sbc_01JQ8Z7K3M4N5P6Q7R8S9T0V5A',
  subsidyType: 'equity_investment_reward',
  fundManagerId: 'fnd-guanggu',
};
const subsidyCapData = {
  claimId: subsidyRef.claimId,
  capKey: 'equity_investment_reward#manager:fnd-guanggu#year:2025',
  clause: '§二(七)',
  limitFen: 500_000_000,
  fundManagerId: 'fnd-guanggu',
};

const projectData = {
  projectId: sampleProject.id,
  title: '基于钙钛矿叠层的柔性未来显示屏中试',
  district: 'east_lake_hitech',
  techField: 'future_display',
  stage: 'sprouting',
} as const;
const { techField: _techField, stage: _stage, ...projectNames } = projectData;
const matchData = {
  matchId: 'mat_01JQ8Z7K3M4N5P6Q7R8S9T0V1W',
  projectId: sampleProject.id,
  platformId: 'pilot-semiconductor',
  kind: 'pilot_platform',
} as const;

/** One event of each routed type, shaped as its producer writes it (the catalog's schema checks both). */
export const sampleEvents: { [K in RoutedEventType]: DomainEvent<K> } = {
  // As services/matching writes it when no platform of a needed kind is left.
  'project.unmatched': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V40',
    type: 'project.unmatched',
    actor: { role: 'system', id: 'matching' },
    data: { ...projectData, kinds: ['pilot_platform'] },
  },
  // As services/matching writes them: a platform's decision, matching's expiry, staff's release.
  'match.accepted': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V41',
    type: 'match.accepted',
    actor: { role: 'platform', id: 'plt_pilot' },
    // An acceptance that moved the project (a growth project's second one names no move).
    data: { ...matchData, reason: '方向契合', from: 'qualified', to: 'matched' },
  },
  'match.declined': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V42',
    type: 'match.declined',
    actor: { role: 'platform', id: 'plt_pilot' },
    data: { ...matchData, reason: '本季度容量已满' },
  },
  'match.expired': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V43',
    type: 'match.expired',
    actor: { role: 'system', id: 'matching' },
    data: { ...matchData, respondBy: '2025-03-28' },
  },
  'match.released': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V44',
    type: 'match.released',
    actor: { role: 'staff', id: 'stf-li' },
    data: { ...matchData, reason: '平台场地调整，无法承接', from: 'matched', to: 'qualified' },
  },
  'project.nominated': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V01',
    type: 'project.nominated',
    data: {
      ...projectData,
      stageTrlMismatch: false,
      trl: 5,
      nominationId: 'nom_01JQ8Z7K3M4N5P6Q7R8S9T0V1W',
      recommenderId: 'ptn-hust',
      channel: 'university',
      partnerId: 'ptn-hust',
      leadOrganization: '华中科技大学',
      commissionerId: 'com-elh-1',
      announcesAssignment: true,
    },
  },
  'project.recommended': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V02',
    type: 'project.recommended',
    actor: { role: 'partner', id: 'ptn-vc' },
    data: {
      ...projectNames,
      nominationId: 'nom_01JQ8Z7K3M4N5P6Q7R8S9T0V99',
      recommenderId: 'ptn-vc',
      channel: 'vc_firm',
      partnerId: 'ptn-vc',
      recommendations: 2,
      commissionerId: 'com-elh-1',
    },
  },
  'project.assigned': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V03',
    type: 'project.assigned',
    data: { ...projectData, stageTrlMismatch: false, commissionerId: 'com-elh-1' },
  },
  'project.unassigned_district': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V04',
    type: 'project.unassigned_district',
    data: { ...projectData, stageTrlMismatch: false, district: 'xinzhou' },
  },
  'project.screened_out': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V05',
    type: 'project.screened_out',
    actor: { role: 'staff', id: 'stf-li' },
    data: {
      ...projectNames,
      from: 'nominated',
      to: 'screened_out',
      partnerIds: ['ptn-hust'],
      commissionerId: 'com-elh-1',
      reason: '技术路线不属于颠覆性技术范畴。',
    },
  },
  'project.status_changed': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V06',
    type: 'project.status_changed',
    actor: { role: 'staff', id: 'stf-li' },
    data: { ...projectNames, commissionerId: 'com-elh-1', from: 'nominated', to: 'under_review' },
  },
  'project.milestone_recorded': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V07',
    type: 'project.milestone_recorded',
    actor: { role: 'commissioner', id: 'com-elh-1' },
    data: {
      ...projectNames,
      commissionerId: 'com-elh-1',
      milestone: {
        type: 'enterprise_landed',
        enterpriseName: '武汉柔显科技有限公司',
        creditCode: '91420100MA4K2Y3X0B',
        district: 'east_lake_hitech',
        date: '2025-03-17',
      },
    },
  },
  'notification.failed': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V08',
    type: 'notification.failed',
    actor: { role: 'system', id: 'notification' },
    data: {
      projectId: sampleProject.id,
      title: sampleProject.title,
      failedEventId: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V01',
      failedEventType: 'project.nominated',
      recipientRole: 'partner',
      recipientId: 'ptn-hust',
      reason: 'MessageRejected',
    },
  },
  'system.test': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V09',
    type: 'system.test',
    actor: { role: 'system', id: 'ops' },
    subject: { kind: 'system', id: 'notification' },
    data: {},
  },
  'event.rejected': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V10',
    type: 'event.rejected',
    actor: { role: 'system', id: 'notification' },
    data: {
      consumer: 'notification',
      messageId: '8f1d2c3b-4a5e-4f60-9a7b-0c1d2e3f4a5b',
      kind: 'invalid-data',
      reason:
        'project.assigned v1 data fails its schema: ✖ Invalid input: expected string → at commissionerId',
      rejectedEventId: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V03',
      rejectedEventType: 'project.assigned',
      rejectedEventVersion: 1,
      projectId: sampleProject.id,
    },
  },
  // As services/evaluation/assign.ts writes them.
  'evaluation.assigned': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V11',
    type: 'evaluation.assigned',
    actor: { role: 'system', id: 'evaluation' },
    data: {
      ...projectNames,
      techField: 'future_display',
      expertIds: ['exp-zhang', 'exp-chen'],
      dueOn: '2025-04-01',
      parameterVersion: 1,
    },
  },
  'evaluation.waiting_for_experts': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V12',
    type: 'evaluation.waiting_for_experts',
    actor: { role: 'system', id: 'evaluation' },
    data: { ...projectNames, techField: 'future_display', needed: 3, shortBy: 1 },
  },
  // As the deadline sweeper fires it (services/deadlines) with the payload assign.ts set.
  'evaluation.review_due': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V13',
    type: 'evaluation.review_due',
    actor: { role: 'system', id: 'deadlines' },
    data: {
      deadlineId: `review-due:${sampleProject.id}:exp-zhang`,
      dueAt: '2025-04-01T01:00:00.000Z',
      ...projectNames,
      expertId: 'exp-zhang',
      expertIds: ['exp-zhang'],
      dueOn: '2025-04-01',
    },
  },
  'project.qualified': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V14',
    type: 'project.qualified',
    actor: { role: 'system', id: 'evaluation' },
    data: {
      ...projectData,
      means: {
        demand: 4,
        disruptiveness: 4.1667,
        producibility: 3.5,
        plan: 3.8333,
        capability: 4,
        returns: 3.6667,
        risk: 3.5,
        overall: 3.8095,
      },
      parameterVersion: 1,
      decidedBy: 'evaluation_outcome',
      commissionerId: 'com-elh-1',
      partnerIds: ['ptn-hust'],
    },
  },
  'project.not_qualified': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V15',
    type: 'project.not_qualified',
    actor: { role: 'staff', id: 'stf-li' },
    data: {
      ...projectData,
      means: {
        demand: 4,
        disruptiveness: 4.1667,
        producibility: 3.5,
        plan: 3.8333,
        capability: 4,
        returns: 3.6667,
        risk: 3.5,
        overall: 3.8095,
      },
      parameterVersion: 1,
      decidedBy: 'consensus_decision',
      reason: '会商认为生产可行性不足',
      partnerIds: ['ptn-hust'],
    },
  },
  'project.needs_consensus': {
    ...base,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V16',
    type: 'project.needs_consensus',
    actor: { role: 'system', id: 'evaluation' },
    data: {
      ...projectData,
      means: {
        demand: 4,
        disruptiveness: 4.1667,
        producibility: 3.5,
        plan: 3.8333,
        capability: 4,
        returns: 3.6667,
        risk: 3.5,
        overall: 3.8095,
      },
      parameterVersion: 1,
      decidedBy: 'evaluation_outcome',
      partnerIds: ['ptn-hust'],
    },
  },
  // As services/subsidy writes them (subject: the claim).
  'subsidy.computed': {
    ...subsidyBase,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V50',
    type: 'subsidy.computed',
    data: { ...subsidyRef, awardFen: 100_000_000, reasonCodes: [] },
  },
  'subsidy.approved': {
    ...subsidyBase,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V51',
    type: 'subsidy.approved',
    actor: { role: 'staff', id: 'stf-li' },
    data: { ...subsidyRef, awardFen: 100_000_000, reason: '材料齐全，符合§二(七)' },
  },
  'subsidy.rejected': {
    ...subsidyBase,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V52',
    type: 'subsidy.rejected',
    actor: { role: 'staff', id: 'stf-li' },
    data: { ...subsidyRef, awardFen: 100_000_000, reason: '增资扩股凭证不全' },
  },
  'subsidy.ineligible': {
    ...subsidyBase,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V55',
    type: 'subsidy.ineligible',
    data: {
      ...subsidyRef,
      reasonCodes: ['not_first_investment'],
      filedBy: { role: 'fund_manager', id: 'fnd-guanggu' },
      reasons: [
        {
          code: 'not_first_investment',
          clause: '§二(七)',
          zh: '该管理机构此前已就该企业获得股权投资奖励（仅限首次投资）',
          en: 'This fund manager already holds a reward for this enterprise (first investment only)',
        },
      ],
    },
  },
  'subsidy.cap_warning': {
    ...subsidyBase,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V53',
    type: 'subsidy.cap_warning',
    data: { ...subsidyCapData, usedBeforeFen: 300_000_000, usedAfterFen: 400_000_000 },
  },
  'subsidy.cap_reached': {
    ...subsidyBase,
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0V54',
    type: 'subsidy.cap_reached',
    data: { ...subsidyCapData, usedBeforeFen: 400_000_000, usedAfterFen: 500_000_000 },
  },
};

export function sampleEvent(type: EventType): DomainEvent {
  const events: Partial<Record<EventType, DomainEvent>> = sampleEvents;
  const event = events[type];
  if (!event) throw new Error(`No sample event for ${type}`);
  return event;
}

/** A directory's worth of people: staff in both languages, one without an address, and the project's people. */
export const samplePeople: Profile[] = [
  // The fund manager the subsidy samples' claim is for (hears the decision).
  {
    role: 'fund_manager',
    id: 'fnd-guanggu',
    name: '光谷创新投资管理有限公司',
    email: 'ir@guanggu-invest.example',
    locale: 'zh-CN',
    funds: ['光谷颠覆创新基金'],
  },
  { role: 'staff', id: 'stf-li', name: '李敏', email: 'li.min@whcenter.example', locale: 'zh-CN' },
  { role: 'staff', id: 'stf-wang', name: '王磊', email: 'wang.lei@whcenter.example', locale: 'zh-CN' },
  { role: 'staff', id: 'stf-anna', name: 'Anna Berg', email: 'anna.berg@whcenter.example', locale: 'en' },
  {
    role: 'commissioner',
    id: 'com-elh-1',
    name: '张伟',
    email: 'zhang.wei@elh.example',
    locale: 'zh-CN',
    district: 'east_lake_hitech',
    openProjects: 3,
  },
  {
    role: 'partner',
    id: 'ptn-hust',
    name: '华中科技大学科学技术发展院',
    email: 'kfy@hust.example',
    locale: 'zh-CN',
    partnerType: 'university',
  },
  {
    role: 'partner',
    id: 'ptn-vc',
    name: 'Optics Valley Ventures',
    email: 'deals@ovv.example',
    locale: 'en',
    partnerType: 'vc_firm',
  },
  {
    role: 'expert',
    id: 'exp-zhang',
    name: '张建国',
    email: 'zhang.jianguo@whu.example',
    locale: 'zh-CN',
    organization: '武汉大学',
    sector: 'science',
    techFields: ['future_display'],
  },
  {
    role: 'expert',
    id: 'exp-chen',
    name: 'Chen Yu',
    email: 'chen.yu@ovv.example',
    locale: 'en',
    organization: 'Optics Valley Ventures',
    sector: 'economy',
    techFields: ['future_display'],
  },
];
