import { describe, expect, it } from 'vitest';
import { newProject, type ProjectDescription, recommenderFor } from './project.js';

const description: ProjectDescription = {
  title: '钙钛矿柔性显示',
  summary: '面向未来显示的钙钛矿发光材料',
  techField: 'future_display',
  stage: 'gestation',
  leadOrganization: '华中科技大学',
  teamLead: { name: '张三', email: 'zhang@example.cn' },
  district: 'east_lake_hitech',
};

describe('new project', () => {
  it('starts nominated with one recommendation', () => {
    const project = newProject('prj_1', description, 'com_1', new Date('2025-03-01T00:00:00Z'));
    expect(project).toMatchObject({ status: 'nominated', recommendationCount: 1, commissionerId: 'com_1' });
  });

  it('flags a stage that disagrees with the TRL instead of refusing it (§二(四))', () => {
    expect(newProject('p', { ...description, trl: 8 }, undefined, new Date()).stageTrlMismatch).toBe(true);
    expect(newProject('p', { ...description, trl: 2 }, undefined, new Date()).stageTrlMismatch).toBe(false);
    expect(newProject('p', description, undefined, new Date()).stageTrlMismatch).toBe(false);
  });

  it('has no commissioner field when the district has none', () => {
    expect(newProject('p', description, undefined, new Date())).not.toHaveProperty('commissionerId');
  });
});

describe('recommender', () => {
  it('is the partner itself, or the staff channel', () => {
    expect(recommenderFor('partner', 'par_1', 'university')).toEqual({ id: 'par_1', channel: 'university' });
    expect(recommenderFor('staff', 'stf_1', 'public_call')).toEqual({
      id: 'channel-public_call',
      channel: 'public_call',
    });
  });
});
