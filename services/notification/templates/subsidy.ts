import type { Locale } from '@wuhan/domain';
import { field, type MailTemplate, type MailView } from './types.js';

/**
 * Subsidy claims (services/subsidy): staff hear each computed claim awaiting approval and each cap filling up;
 * the fund manager a claim is for hears the decision. The claim's page (GET /v1/subsidy-claims/{id}) has the
 * trace; the mail says only what to do next.
 */

/** Integer fen as 元 with two decimals, never through a float (amounts reach 10^13 fen). */
export function yuan(fen: unknown): string | undefined {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) return undefined;
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** An amount of the event's data, in 元. */
const amount = (data: Record<string, unknown>, name: string) => yuan(data[name]);

const claimIdOf = (view: MailView) => field(view.event.data, 'claimId') ?? view.event.subject.id;
const claimLink = (view: MailView, label: string) => ({
  label,
  url: `${view.links.api}/v1/subsidy-claims/${claimIdOf(view)}`,
});

/** The subject on its own: the daily digest lists it and bundles nothing of the body (issue 13). */
export const subsidyComputedSubject: Readonly<Record<Locale, (view: MailView) => string>> = {
  'zh-CN': (view) => `补贴申请待审批：${claimIdOf(view)}`,
  en: (view) => `Subsidy claim awaiting approval: ${claimIdOf(view)}`,
};

/** Staff: a claim was assessed and its award reserved; it waits for their approval. */
export const subsidyComputed: MailTemplate = {
  'zh-CN': (view) => ({
    subject: subsidyComputedSubject['zh-CN'](view),
    heading: '补贴申请已核算，待审批',
    intro: `补贴申请已按现行规则核算，核定金额已在各额度中预留，等待审批。`,
    facts: [
      ['申请编号', claimIdOf(view)],
      ['补贴类型', field(view.event.data, 'subsidyType')],
      ['核定金额（元）', amount(view.event.data, 'awardFen')],
      ['基金管理机构', field(view.event.data, 'fundManagerId')],
    ],
    nextStep: '请查看计算过程后批准或驳回（POST /v1/subsidy-claims/{id}/approval）；驳回将释放预留额度。',
    link: claimLink(view, '查看申请'),
  }),
  en: (view) => ({
    subject: subsidyComputedSubject.en(view),
    heading: 'A subsidy claim was computed and awaits approval',
    intro:
      'The claim was assessed by the rules in force; its award is reserved against every cap it touches.',
    facts: [
      ['Claim', claimIdOf(view)],
      ['Subsidy type', field(view.event.data, 'subsidyType')],
      ['Award (CNY)', amount(view.event.data, 'awardFen')],
      ['Fund manager', field(view.event.data, 'fundManagerId')],
    ],
    nextStep:
      'Read the trace, then approve or reject (POST /v1/subsidy-claims/{id}/approval); a rejection releases the reservation.',
    link: claimLink(view, 'Open the claim'),
  }),
};

/** The fund manager the claim is for: staff approved or rejected it. */
export const subsidyDecided: MailTemplate = {
  'zh-CN': (view) => {
    const approved = view.event.type === 'subsidy.approved';
    return {
      subject: `补贴申请${approved ? '已批准' : '未获批准'}：${claimIdOf(view)}`,
      heading: approved ? '补贴申请已批准' : '补贴申请未获批准',
      intro: approved ? '您的补贴申请已获批准。' : '您的补贴申请未获批准，预留额度已释放。',
      facts: [
        ['申请编号', claimIdOf(view)],
        ['补贴类型', field(view.event.data, 'subsidyType')],
        ['核定金额（元）', amount(view.event.data, 'awardFen')],
        ['理由', field(view.event.data, 'reason')],
      ],
      nextStep: approved ? '无需操作。' : '如有疑问，请联系武汉中心。',
      link: claimLink(view, '查看申请'),
    };
  },
  en: (view) => {
    const approved = view.event.type === 'subsidy.approved';
    return {
      subject: `Subsidy claim ${approved ? 'approved' : 'rejected'}: ${claimIdOf(view)}`,
      heading: approved ? 'Your subsidy claim was approved' : 'Your subsidy claim was rejected',
      intro: approved
        ? 'Staff approved your subsidy claim.'
        : 'Staff rejected your subsidy claim; its reservation was released.',
      facts: [
        ['Claim', claimIdOf(view)],
        ['Subsidy type', field(view.event.data, 'subsidyType')],
        ['Award (CNY)', amount(view.event.data, 'awardFen')],
        ['Reason', field(view.event.data, 'reason')],
      ],
      nextStep: approved ? 'Nothing to do.' : 'Contact the Wuhan centre with any question.',
      link: claimLink(view, 'Open the claim'),
    };
  },
};

/** Staff: a cap's usage crossed 80 % or reached 100 % with a claim's reservation. */
export const subsidyCap: MailTemplate = {
  'zh-CN': (view) => {
    const reached = view.event.type === 'subsidy.cap_reached';
    const key = field(view.event.data, 'capKey');
    return {
      subject: `补贴额度${reached ? '已用满' : '已用逾80%'}：${key}`,
      heading: reached ? '补贴额度已用满' : '补贴额度已用逾80%',
      intro: `额度 ${key}（${field(view.event.data, 'clause')}）${reached ? '已用满，后续申请将核定为0。' : '已使用超过80%。'}`,
      facts: [
        ['额度', key],
        ['上限（元）', amount(view.event.data, 'limitFen')],
        ['此前已用（元）', amount(view.event.data, 'usedBeforeFen')],
        ['现已用（元）', amount(view.event.data, 'usedAfterFen')],
        ['申请编号', claimIdOf(view)],
      ],
      nextStep: '供知悉；驳回申请会释放其预留额度。',
      link: claimLink(view, '查看申请'),
    };
  },
  en: (view) => {
    const reached = view.event.type === 'subsidy.cap_reached';
    const key = field(view.event.data, 'capKey');
    return {
      subject: `Subsidy cap ${reached ? 'reached' : 'past 80 %'}: ${key}`,
      heading: reached ? 'A subsidy cap is used up' : 'A subsidy cap is more than 80 % used',
      intro: `The cap ${key} (${field(view.event.data, 'clause')}) ${reached ? 'is used up: further claims get 0.' : 'is more than 80 % used.'}`,
      facts: [
        ['Cap', key],
        ['Limit (CNY)', amount(view.event.data, 'limitFen')],
        ['Used before (CNY)', amount(view.event.data, 'usedBeforeFen')],
        ['Used now (CNY)', amount(view.event.data, 'usedAfterFen')],
        ['Claim', claimIdOf(view)],
      ],
      nextStep: 'For your information; rejecting a claim releases its reservation.',
      link: claimLink(view, 'Open the claim'),
    };
  },
};

/** The reasons an ineligible claim's event carries, in the mail's language (codes when the event has no words). */
function reasonLines(view: MailView, language: 'zh' | 'en'): string | undefined {
  const data: Record<string, unknown> = view.event.data;
  const reasons = data.reasons;
  if (Array.isArray(reasons) && reasons.length > 0) {
    const lines = reasons.flatMap((r) =>
      typeof r === 'object' && r !== null && language in r && typeof r[language] === 'string'
        ? [`${'clause' in r && typeof r.clause === 'string' ? `${r.clause} ` : ''}${r[language]}`]
        : [],
    );
    if (lines.length > 0) return lines.join('; ');
  }
  const codes = data.reasonCodes;
  return Array.isArray(codes) ? codes.filter((c) => typeof c === 'string').join(', ') : undefined;
}

/** Whoever filed the claim (the fund manager, or a staff member): it was assessed ineligible, and why. */
export const subsidyIneligible: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `补贴申请不符合条件：${claimIdOf(view)}`,
    heading: '补贴申请经核算不符合条件',
    intro: '您提交的补贴申请已按现行规则核算，不符合补贴条件，未预留任何额度。',
    facts: [
      ['申请编号', claimIdOf(view)],
      ['补贴类型', field(view.event.data, 'subsidyType')],
      ['原因', reasonLines(view, 'zh')],
    ],
    nextStep: '如情况有变（例如补齐条件），可重新提交申请；如有疑问，请联系武汉中心。',
    link: claimLink(view, '查看申请'),
  }),
  en: (view) => ({
    subject: `Subsidy claim not eligible: ${claimIdOf(view)}`,
    heading: 'Your subsidy claim was assessed as not eligible',
    intro:
      'The claim you filed was assessed by the rules in force and is not eligible; nothing was reserved.',
    facts: [
      ['Claim', claimIdOf(view)],
      ['Subsidy type', field(view.event.data, 'subsidyType')],
      ['Reasons', reasonLines(view, 'en')],
    ],
    nextStep: 'File again if the facts change; contact the Wuhan centre with any question.',
    link: claimLink(view, 'Open the claim'),
  }),
};
