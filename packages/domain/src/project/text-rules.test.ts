import { describe, expect, it } from 'vitest';
import { hasForbiddenControlCharacters, invalidCharacter, isBlank } from './text-rules.js';

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

  // Issue 12, defect 8: invisible characters alone are blank too.
  it.each([
    ['zero-width space', '\u200B'],
    ['word joiner', '\u2060\u2060'],
    ['left-to-right mark', '\u200E'],
    ['Hangul filler', '\u3164'],
    ['soft hyphen and byte order mark', '\u00AD\uFEFF'],
    ['right-to-left override', '\u202E '],
    ['blank Braille pattern', '\u2800'],
    ['variation selector', '\uFE0F'],
  ])('calls a title of only a %s blank', (_name, text) => {
    expect(isBlank(text)).toBe(true);
    expect(isBlank(`${text}量子${text}`)).toBe(false);
  });

  // Issue 12, defect 2: decided per character class.
  it.each([
    ['U+FFFF', '\uFFFF'],
    ['U+FFFE', '\uFFFE'],
    ['U+FDD0', '\uFDD0'],
    ['U+FDEF', '\uFDEF'],
    ['U+1FFFF', '\u{1FFFF}'],
    ['U+10FFFE', '\u{10FFFE}'],
  ])('refuses the noncharacter %s', (_name, character) => {
    expect(invalidCharacter(`标题${character}`)).toBe('noncharacter');
  });

  it.each([
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', '\uDC00'],
    ['surrogates in the wrong order', '\uDE80\uD83D'],
  ])('refuses %s', (_name, text) => {
    expect(invalidCharacter(`标题${text}尾`)).toBe('lone-surrogate');
  });

  it('accepts astral characters: CJK Extension B in names, emoji, and U+FFFD', () => {
    expect(invalidCharacter('𠀀明 🚀 👩‍🔬 \uFFFD \uFDCF \uFDF0')).toBeUndefined();
  });
});
