import { describe, expect, it } from 'vitest';
import { outgoingMail } from './compose.js';
import { headerSafe } from './header-text.js';

describe('text put in email headers (issue 12, defect 8)', () => {
  it.each([
    ['a right-to-left override', '项目\u202Efdp.exe', '项目fdp.exe'],
    ['an isolate', '\u2067标题\u2069', '标题'],
    ['left-to-right and right-to-left marks', 'a\u200Eb\u200Fc', 'abc'],
    ['an Arabic letter mark', 'x\u061Cy', 'xy'],
    ['an embedding and its pop', '\u202Ax\u202C', 'x'],
  ])('drops %s', (_name, text, expected) => {
    expect(headerSafe(text)).toBe(expected);
  });

  it('turns line breaks into spaces so no value starts a header', () => {
    expect(headerSafe('标题\r\nBcc: x@example.cn')).toBe('标题 Bcc: x@example.cn');
  });

  it('keeps ordinary Chinese, astral characters and emoji', () => {
    expect(headerSafe('新项目：𠀀 柔性显示 🚀')).toBe('新项目：𠀀 柔性显示 🚀');
  });

  it('applies to the subject of every outgoing mail, and leaves the body alone', () => {
    const mail = outgoingMail(
      { subject: '新推荐：\u202Egnp.exe', html: '<p>\u202E</p>', text: '\u202E' },
      'a@example.cn',
      'noreply@example.cn',
      { id: 'evt_1', type: 'nomination.received', correlationId: 'c-1' },
    );
    expect(mail.subject).toBe('新推荐：gnp.exe');
    expect(mail.html).toBe('<p>\u202E</p>');
    expect(mail.headers['X-Event-Id']).toBe('evt_1');
  });
});
