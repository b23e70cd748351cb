import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate } from './types.js';

/** Staff: a consumer refused a message for good (not retried, not in the DLQ); a person must look at it. */
export const eventRejected: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `消息被拒收：${view.project ? `${projectTitle(view)}（${field(view.event.data, 'consumer')}）` : field(view.event.data, 'consumer')}`,
    heading: '一条事件消息无法处理，已记录',
    intro: `服务“${field(view.event.data, 'consumer') ?? '未知服务'}”无法处理一条消息，重试也不会成功，因此系统已记录该消息并不再重试。`,
    facts: [
      ...(view.project ? projectFacts(view) : []),
      ['处理服务', field(view.event.data, 'consumer')],
      ['消息编号', field(view.event.data, 'messageId')],
      ['原事件', field(view.event.data, 'rejectedEventType')],
      ['原事件编号', field(view.event.data, 'rejectedEventId')],
      ['原事件版本', field(view.event.data, 'rejectedEventVersion')],
      ['拒收类别', field(view.event.data, 'kind')],
      ['原因', field(view.event.data, 'reason')],
    ],
    nextStep: '请通知技术支持查看该记录（保留 30 天），确认原事件的影响并在需要时手工补办。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Message rejected by ${field(view.event.data, 'consumer')}${view.project ? `: ${projectTitle(view)}` : ''}`,
    heading: 'An event message could not be processed and was recorded',
    intro: `The ${field(view.event.data, 'consumer') ?? 'unknown'} consumer cannot process a message, and a retry would not change that; it was recorded and will not be retried.`,
    facts: [
      ...(view.project ? projectFacts(view) : []),
      ['Consumer', field(view.event.data, 'consumer')],
      ['Message id', field(view.event.data, 'messageId')],
      ['Event', field(view.event.data, 'rejectedEventType')],
      ['Event id', field(view.event.data, 'rejectedEventId')],
      ['Event version', field(view.event.data, 'rejectedEventVersion')],
      ['Kind', field(view.event.data, 'kind')],
      ['Reason', field(view.event.data, 'reason')],
    ],
    nextStep:
      'Ask technical support to look at the record (kept 30 days), check what the event should have caused, and do it by hand if needed.',
    link: projectLink(view),
  }),
};
