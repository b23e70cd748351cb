import type { MailTemplate } from './types.js';

/** Staff: a test message proving the path from the outbox to the inbox works. */
export const systemTest: MailTemplate = {
  'zh-CN': (view) => ({
    subject: '测试邮件：通知链路正常',
    heading: '通知链路测试',
    intro: '这是一封测试邮件：事件已从发件箱经队列送达通知服务并发出。',
    facts: [['发送时间', view.event.occurredAt]],
    nextStep: '无需操作。',
  }),
  en: (view) => ({
    subject: 'Test email: the notification path works',
    heading: 'Notification path test',
    intro:
      'This is a test: the event travelled from the outbox through the queue to the notification service.',
    facts: [['Sent at', view.event.occurredAt]],
    nextStep: 'Nothing to do.',
  }),
};
