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
});
