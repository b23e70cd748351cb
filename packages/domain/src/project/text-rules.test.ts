import { describe, expect, it } from 'vitest';
import { hasForbiddenControlCharacters, isBlank } from './text-rules.js';

describe('text rules', () => {
  it('keeps line feed and tab in multi-line text only', () => {
    expect(hasForbiddenControlCharacters('第一行\n\t第二行', true)).toBe(false);
    expect(hasForbiddenControlCharacters('第一行\n第二行', false)).toBe(true);
    expect(hasForbiddenControlCharacters('标题\t', false)).toBe(true);
  });

  it.each([
    ['NUL', '\u0000'],
    ['escape', '\u001b[31m'],
    ['carriage return', '\r'],
    ['delete', '\u007f'],
    ['C1 control', '\u0085'],
  ])('refuses %s everywhere', (_name, control) => {
    expect(hasForbiddenControlCharacters(`颠覆性${control}技术`, true)).toBe(true);
    expect(hasForbiddenControlCharacters(`颠覆性${control}技术`, false)).toBe(true);
  });

  it('accepts ordinary Chinese, full-width punctuation and emoji', () => {
    expect(hasForbiddenControlCharacters('基于钙钛矿的柔性显示（中试）——“武创源”🚀', false)).toBe(false);
  });

  it('calls white space of any kind blank', () => {
    expect(isBlank('  \u3000\t')).toBe(true);
    expect(isBlank(' 量子 ')).toBe(false);
  });
});
