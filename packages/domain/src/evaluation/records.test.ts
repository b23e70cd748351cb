import { describe, expect, it } from 'vitest';
import { type Candidate, chooseExperts } from './assignment.js';
import { type AssignmentRound, compactRound, evaluationRoundRecord, expandRound } from './records.js';

/** A pool where every rule applies to someone: inactive, conflicts of each kind, at capacity, ranked lower. */
const candidates: Candidate[] = Array.from({ length: 120 }, (_, i) => ({
  id: `exp_${String((i * 37) % 120).padStart(3, '0')}`,
  sector: (['science', 'industry', 'economy'] as const)[i % 3],
  techFields: [i % 4 === 0 ? 'quantum' : 'aerospace'],
  organization: i % 17 === 0 ? '武汉量子科技有限公司' : i % 19 === 0 ? '华中科技大学' : `研究院 ${i}`,
  declaredConflicts: i % 23 === 0 ? ['华中科技大学'] : [],
  maxOpenReviews: 5,
  openReviews: i % 11 === 0 ? 5 : i % 5,
  active: i % 13 !== 0,
}));

function roundOf(): AssignmentRound {
  const choice = chooseExperts({
    project: {
      field: 'quantum',
      leadOrganization: '武汉量子科技有限公司',
      partnerOrganizations: ['华中科技大学'],
    },
    candidates,
    needed: 2,
    // Two experts no other rule skips: one on the panel, one who left it.
    current: [{ id: candidates[1]?.id ?? '', sector: 'science' }],
    excluded: [candidates[2]?.id ?? ''],
  });
  return {
    at: '2026-03-02T02:00:00.000Z',
    needed: 2,
    chosen: choice.chosen,
    shortBy: choice.shortBy,
    parameterVersion: 1,
    trigger: 'withdrawal',
    explanations: choice.explanations,
  };
}

describe('a round stored compact', () => {
  it('gives back every line as decided, in candidate id order, through what the table stores', () => {
    const round = roundOf();
    const skips = new Set(round.explanations.map((l) => l.skip ?? l.decision));
    // The pool exercises every rule, so the round trip is shown for each.
    expect(skips).toEqual(
      new Set([
        'chosen',
        'inactive',
        'already_assigned',
        'withdrawn_before',
        'conflict_lead_organization',
        'conflict_partner_organization',
        'conflict_declared',
        'at_capacity',
        'ranked_lower',
      ]),
    );
    const stored = evaluationRoundRecord.parse(
      JSON.parse(JSON.stringify({ ...compactRound(round), projectId: 'prj_q', round: 1 })),
    );
    expect(expandRound(stored)).toEqual(round);
    // Only the chosen keep a whole line; the experts at capacity keep their load.
    expect(stored.explanations.map((l) => l.decision)).toEqual(round.chosen.map(() => 'chosen'));
    expect(Object.keys(stored.atCapacity ?? {}).length).toBeGreaterThan(0);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(round).length / 3);
  });

  it('stores a round whose lines are not in id order as it is, and gives it back as it is', () => {
    const round = roundOf();
    const shuffled = { ...round, explanations: [...round.explanations].reverse() };
    expect(compactRound(shuffled)).toEqual(shuffled);
    expect(expandRound(compactRound(shuffled))).toEqual(shuffled);
  });

  it('keeps a skipped line whole when its text is not its rule’s fixed text', () => {
    const round: AssignmentRound = {
      ...roundOf(),
      explanations: [
        { expertId: 'exp_a', decision: 'skipped', skip: 'inactive', reason: 'the profile is deactivated' },
        { expertId: 'exp_b', decision: 'skipped', skip: 'inactive', reason: 'written by an older version' },
        {
          expertId: 'exp_c',
          decision: 'skipped',
          skip: 'at_capacity',
          reason: '5 open reviews, the most they take',
        },
        {
          expertId: 'exp_d',
          decision: 'skipped',
          skip: 'at_capacity',
          reason: '05 open reviews, the most they take',
        },
      ],
    };
    const stored = compactRound(round);
    expect(stored.skippedBy).toEqual({ inactive: ['exp_a'] });
    expect(stored.atCapacity).toEqual({ exp_c: 5 });
    expect(stored.explanations.map((l) => l.expertId)).toEqual(['exp_b', 'exp_d']);
    expect(expandRound(stored)).toEqual(round);
  });
});
