import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { field, type MailTemplate } from './types.js';

/** Staff: an email could not be delivered and will not be retried (a rejected address, for example). */
export const notificationFailed: MailTemplate = {
  'zh-CN': (view) => ({
    subject: `邮件发送失败：${projectTitle(view)}`,
    heading: '一封通知邮件未能送达',
    intro: `关于“${projectTitle(view)}”的通知邮件被邮件服务拒收，系统不会自动重试。`,
    facts: [
      ...projectFacts(view),
      ['原事件', field(view.event.data, 'failedEventType')],
      ['原事件编号', field(view.event.data, 'failedEventId')],
      ['收件人角色', field(view.event.data, 'recipientRole')],
      ['收件人编号', field(view.event.data, 'recipientId')],
      ['失败原因', field(view.event.data, 'reason')],
    ],
    nextStep: '请核实并更正该收件人的邮箱地址，必要时直接联系对方。',
    link: projectLink(view),
  }),
  en: (view) => ({
    subject: `Email not delivered: ${projectTitle(view)}`,
    heading: 'A notification email could not be delivered',
    intro: `The mail service refused a notification about “${projectTitle(view)}”; it will not be retried.`,
    facts: [
      ...projectFacts(view),
      ['Event', field(view.event.data, 'failedEventType')],
      ['Event id', field(view.event.data, 'failedEventId')],
      ['Recipient role', field(view.event.data, 'recipientRole')],
      ['Recipient id', field(view.event.data, 'recipientId')],
      ['Reason', field(view.event.data, 'reason')],
    ],
    nextStep: "Check and correct the recipient's address, and contact them directly if needed.",
    link: projectLink(view),
  }),
};
