import { describe, expect, it } from 'vitest';
import { newEvent } from './events.js';
import { contributionsOf } from './programme-targets.js';

const base = {
  actor: { role: 'staff' as const, id: 'stf-1' },
  subject: { kind: 'project', id: 'prj_1' },
  correlationId: 'c-1',
  // 2026-12-31 18:00 UTC is already 2027 in Wuhan.
  now: new Date('2026-12-31T18:00:00Z'),
};
const project = { projectId: 'prj_1', title: '量子传感', district: 'wuchang' as const };

describe('what counts towards the §一 targets', () => {
  it('counts a project once it qualifies, in the Asia/Shanghai year', () => {
    const qualified = newEvent({
      ...base,
      type: 'project.status_changed',
      data: { ...project, from: 'under_review', to: 'qualified', command: 'evaluation_outcome' },
    });
    expect(contributionsOf(qualified)).toEqual([
      {
        target: 'cultivated',
        countedId: 'prj_1',
        projectId: 'prj_1',
        year: 2027,
        at: '2026-12-31T18:00:00.000Z',
      },
    ]);
  });

  it('counts an enterprise by its credit code and a library entry by its project', () => {
    const landed = newEvent({
      ...base,
      type: 'project.milestone_recorded',
      data: {
        ...project,
        milestone: {
          type: 'enterprise_landed',
          enterpriseName: '武汉量测科技有限公司',
          creditCode: '91440300708461136T',
          district: 'east_lake_hitech',
          date: '2026-12-30',
        },
      },
    });
    const library = newEvent({
      ...base,
      type: 'project.milestone_recorded',
      data: {
        ...project,
        milestone: { type: 'national_library_entered', date: '2026-12-30', reference: '国科发' },
      },
    });
    expect(contributionsOf(landed)).toMatchObject([
      { target: 'enterprisesLanded', countedId: '91440300708461136T' },
    ]);
    expect(contributionsOf(library)).toMatchObject([{ target: 'nationalLibrary', countedId: 'prj_1' }]);
  });

  it('counts nothing for the other moves and milestones', () => {
    const review = newEvent({
      ...base,
      type: 'project.status_changed',
      data: { ...project, from: 'nominated', to: 'under_review', command: 'screening' },
    });
    const stage = newEvent({
      ...base,
      type: 'project.milestone_recorded',
      data: { ...project, milestone: { type: 'stage_changed', stage: 'growth', reason: '完成中试' } },
    });
    expect([...contributionsOf(review), ...contributionsOf(stage)]).toEqual([]);
  });
});
