import { describe, expect, it } from 'vitest';
import { sqsJson } from './sqs-json.js';

/** What SQS documents it accepts in a message body. */
const sqsAllowed = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
/** What every queue accepts, the local emulator included: the Basic Multilingual Plane without noncharacters. */
const everyQueue = /^[\t\n\r\u0020-\uD7FF\uE000-\uFDCF\uFDF0-\uFFFD]*$/u;

describe('sqsJson (issue 12, defect 2)', () => {
  const event = {
    title: '𠀀 柔性显示 🚀 👩‍🔬',
    noncharacters: '\uFFFF\uFFFE\uFDD0\u{1FFFF}',
    lone: '\uD800x\uDC00',
    controls: '\u0000\u001b\t\n',
    plain: 'ASCII and 中文 and \uFFFD',
  };

  it('writes only characters every queue accepts', () => {
    const body = sqsJson(event);
    expect(body).toMatch(sqsAllowed);
    expect(body).toMatch(everyQueue);
    expect(body).toContain('\\ud840\\udc00');
    expect(body).toContain('\\uffff');
    expect(body).toContain('中文');
  });

  it('reads back as the same value', () => {
    expect(JSON.parse(sqsJson(event))).toEqual(event);
  });

  it('is plain JSON.stringify when nothing needs escaping', () => {
    const plain = { a: '钙钛矿', b: [1, true, null] };
    expect(sqsJson(plain)).toBe(JSON.stringify(plain));
  });

  it('fails the test without the escaping (the check can fail)', () => {
    expect(JSON.stringify(event)).not.toMatch(everyQueue);
  });
});
