import { describe, expect, it } from 'vitest';
import { normaliseForMatching, projectKeyHash } from './normalise.js';

describe('project matching normalisation (§二(三) one project, many recommenders)', () => {
  it('folds full-width characters, white space and case', () => {
    expect(normaliseForMatching('  基于ＡＩ的　 新型\t显示  ')).toBe('基于ai的 新型 显示');
    expect(normaliseForMatching('Quantum   SENSOR')).toBe('quantum sensor');
    expect(normaliseForMatching('Straße')).toBe('strasse');
  });

  it('gives the same key to the same project written differently', () => {
    expect(projectKeyHash('基于ＡＩ的新型显示', '华中科技大学')).toBe(
      projectKeyHash(' 基于AI的新型显示 ', '华中科技大学 '),
    );
    expect(projectKeyHash('Quantum Sensor', 'HUST')).toBe(projectKeyHash('quantum  sensor', 'hust'));
  });

  it('tells apart different projects and different lead organisations', () => {
    expect(projectKeyHash('量子传感器', '武汉大学')).not.toBe(projectKeyHash('量子传感器', '华中科技大学'));
    expect(projectKeyHash('a b', 'c')).not.toBe(projectKeyHash('a', 'b c'));
    expect(projectKeyHash('量子传感器', '武汉大学')).toMatch(/^[0-9a-f]{64}$/);
  });

  // Issue 12, defect 8: variants a reader cannot tell apart are the same project.
  it.each([
    ['a zero-width space', '量子\u200B传感器'],
    ['a word joiner', '量子\u2060传感器'],
    ['a soft hyphen', '量子\u00AD传感器'],
    ['a left-to-right mark', '\u200E量子传感器'],
    ['a zero-width joiner', '量子\u200D传感器'],
    ['a Hangul filler', '量子\u3164传感器'],
  ])('ignores %s', (_name, variant) => {
    expect(projectKeyHash(variant, '武汉大学')).toBe(projectKeyHash('量子传感器', '武汉大学'));
  });

  it.each([
    ['a Cyrillic а', 'Quаntum Sensor'],
    ['a Cyrillic upper-case С and Т', 'QUANTUM SЕNSОR'],
    ['Cyrillic letters that look Latin only in upper case', 'QUАNТUМ SENSOR'],
    ['a Greek ο', 'Quantum Sensοr'],
    ['a Greek upper-case Ν and Ο', 'QUANTUM SEΝSΟR'],
  ])('folds %s to Latin', (_name, variant) => {
    expect(normaliseForMatching(variant)).toBe('quantum sensor');
  });

  it('gives upper- and lower-case Cyrillic one key, and leaves Chinese untouched', () => {
    expect(normaliseForMatching('КВАНТ')).toBe(normaliseForMatching('квант'));
    expect(normaliseForMatching('钙钛矿柔性显示')).toBe('钙钛矿柔性显示');
    expect(normaliseForMatching('𠀀量子🚀')).toBe('𠀀量子🚀');
  });
});
