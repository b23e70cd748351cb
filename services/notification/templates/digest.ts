import type { Locale } from '@wuhan/domain';
import type { MailContent } from './types.js';

export interface DigestLine {
  /** What happened and to which project: the event template's own subject in the recipient's language. */
  text: string;
  url?: string;
  occurredAt: string;
}

export interface DigestView {
  locale: Locale;
  /** The calendar date in Asia/Shanghai the digest covers up to, YYYY-MM-DD. */
  date: string;
  lines: readonly DigestLine[];
}

/** Staff: the events they chose to receive once a day instead of one by one. */
export const dailyDigest: Readonly<Record<Locale, (view: DigestView) => MailContent>> = {
  'zh-CN': (view) => ({
    subject: `每日汇总（${view.date}）：${view.lines.length} 条项目动态`,
    heading: `每日项目动态汇总 · ${view.date}`,
    intro: `以下是自上次汇总以来的 ${view.lines.length} 条项目动态（按时间先后排列）。`,
    facts: [],
    list: view.lines.map((line) => ({ text: line.text, ...(line.url ? { url: line.url } : {}) })),
    nextStep: '请逐项查看并处理；如需改为逐条即时提醒，可在通知偏好中调整。',
  }),
  en: (view) => ({
    subject: `Daily digest (${view.date}): ${view.lines.length} project updates`,
    heading: `Daily project digest · ${view.date}`,
    intro: `Here are the ${view.lines.length} project updates since the last digest, oldest first.`,
    facts: [],
    list: view.lines.map((line) => ({ text: line.text, ...(line.url ? { url: line.url } : {}) })),
    nextStep:
      'Go through each item; to get an event type immediately instead, change your notification preferences.',
  }),
};
