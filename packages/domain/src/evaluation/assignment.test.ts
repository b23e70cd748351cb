import { describe, expect, it } from 'vitest';
import { type AssignmentRequest, type Candidate, chooseExperts } from './assignment.js';

const expert = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  organization: `${id} 研究院`,
  sector: 'science',
  techFields: ['quantum'],
  declaredConflicts: [],
  maxOpenReviews: 5,
  openReviews: 0,
  active: true,
  ...over,
});
const request = (candidates: Candidate[], over: Partial<AssignmentRequest> = {}): AssignmentRequest => ({
  project: {
    field: 'quantum',
    leadOrganization: '武汉量子科技有限公司',
    partnerOrganizations: ['华中科技大学'],
  },
  candidates,
  needed: 3,
  current: [],
  excluded: [],
  ...over,
});
const skipOf = (choice: ReturnType<typeof chooseExperts>, id: string) =>
  choice.explanations.find((e) => e.expertId === id);

describe('§二(四) choosing the experts for a project', () => {
  it('never chooses an expert of the lead organisation', () => {
    const choice = chooseExperts(
      request([expert('e1'), expert('e2', { organization: '武汉量子科技有限公司' })]),
    );
    expect(choice.chosen).toEqual(['e1']);
    expect(skipOf(choice, 'e2')).toMatchObject({ decision: 'skipped', skip: 'conflict_lead_organization' });
  });

  it('compares organisations after NFKC, white space and case folding', () => {
    const choice = chooseExperts(
      request([expert('e1', { organization: '  ＨＵＳＴ   Lab ' })], {
        project: { field: 'quantum', leadOrganization: 'hust lab', partnerOrganizations: [] },
      }),
    );
    expect(choice.chosen).toEqual([]);
    expect(skipOf(choice, 'e1')).toMatchObject({ skip: 'conflict_lead_organization' });
  });

  it('never chooses an expert of a recommending partner, nor one who declared a conflict with either', () => {
    const choice = chooseExperts(
      request([
        expert('e1', { organization: '华中科技大学' }),
        expert('e2', { declaredConflicts: ['武汉量子科技有限公司'] }),
        expert('e3', { declaredConflicts: ['华中科技大学 '] }),
        expert('e4'),
      ]),
    );
    expect(choice.chosen).toEqual(['e4']);
    expect(skipOf(choice, 'e1')).toMatchObject({ skip: 'conflict_partner_organization' });
    expect(skipOf(choice, 'e2')).toMatchObject({ skip: 'conflict_declared' });
    expect(skipOf(choice, 'e3')).toMatchObject({ skip: 'conflict_declared' });
    expect(choice.shortBy).toBe(2);
  });

  it('never chooses an expert at their maximum of open reviews, nor a deactivated one', () => {
    const choice = chooseExperts(
      request([expert('e1', { openReviews: 2, maxOpenReviews: 2 }), expert('e2', { active: false })]),
    );
    expect(choice.chosen).toEqual([]);
    expect(skipOf(choice, 'e1')).toMatchObject({ skip: 'at_capacity' });
    expect(skipOf(choice, 'e2')).toMatchObject({ skip: 'inactive' });
  });

  it('chooses experts of the project’s field before any other', () => {
    const choice = chooseExperts(
      request(
        [
          expert('a-other', { techFields: ['aerospace'], sector: 'economy' }),
          expert('z-field', { techFields: ['quantum'], openReviews: 4 }),
        ],
        { needed: 1 },
      ),
    );
    expect(choice.chosen).toEqual(['z-field']);
    expect(skipOf(choice, 'a-other')).toMatchObject({ skip: 'ranked_lower' });
  });

  it('mixes sectors among the experts of the field where the pool allows', () => {
    const choice = chooseExperts(
      request([
        expert('s1', { sector: 'science' }),
        expert('s2', { sector: 'science' }),
        expert('i1', { sector: 'industry', openReviews: 3 }),
        expert('c1', { sector: 'economy', openReviews: 4 }),
      ]),
    );
    expect(choice.chosen).toEqual(['s1', 'i1', 'c1']);
  });

  it('among equals, chooses the expert with the fewest open reviews, then by id', () => {
    const choice = chooseExperts(
      request([expert('b', { openReviews: 1 }), expert('c'), expert('a', { openReviews: 1 })], { needed: 2 }),
    );
    expect(choice.chosen).toEqual(['c', 'a']);
  });

  it('chooses the same panel however the pool is listed', () => {
    const pool = [
      expert('b'),
      expert('a', { sector: 'industry' }),
      expert('c', { sector: 'economy' }),
      expert('d'),
    ];
    expect(chooseExperts(request([...pool].reverse())).chosen).toEqual(chooseExperts(request(pool)).chosen);
  });

  it('replaces one expert without asking those on the panel or who left it, counting the panel’s sectors', () => {
    const choice = chooseExperts(
      request(
        [
          expert('s1'),
          expert('s2'),
          expert('i1', { sector: 'industry' }),
          expert('s3'),
          expert('c1', { sector: 'economy', openReviews: 3 }),
        ],
        {
          needed: 1,
          current: [
            { id: 's1', sector: 'science' },
            { id: 'i1', sector: 'industry' },
          ],
          excluded: ['s2'],
        },
      ),
    );
    expect(choice.chosen).toEqual(['c1']);
    expect(skipOf(choice, 's1')).toMatchObject({ skip: 'already_assigned' });
    expect(skipOf(choice, 's2')).toMatchObject({ skip: 'withdrawn_before' });
  });

  it('explains every candidate, chosen or skipped, and says how many are missing', () => {
    const choice = chooseExperts(request([expert('e1'), expert('e2', { organization: '华中科技大学' })]));
    expect(choice.explanations.map((e) => [e.expertId, e.decision])).toEqual([
      ['e1', 'chosen'],
      ['e2', 'skipped'],
    ]);
    expect(choice.explanations[0]?.reason).toMatch(/works in quantum/);
    expect(choice.shortBy).toBe(2);
  });
});
