import type { StoredProject } from '@wuhan/aws';
import type { AssignmentRound, Caller, EvaluationRecord } from '@wuhan/domain';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { evaluationFor, LINES_ANSWERED, ROUNDS_ANSWERED } from './read-evaluation.js';
import { type NumberedRound, readRounds } from './store.js';

/**
 * The endpoint's use of the round reader: the bounds it asks for, `roundCount` as the newest round known, and
 * `olderRoundsBefore` exactly when older rounds were left out. The reader itself is tested in store.test.ts.
 */
vi.mock('@wuhan/aws', async (original) => ({
  ...(await original<typeof import('@wuhan/aws')>()),
  getProject: vi.fn(
    async (): Promise<StoredProject> =>
      ({ id: 'prj_q', status: 'under_review', district: 'hongshan', version: 3 }) as StoredProject,
  ),
  recommendationsOf: vi.fn(async () => []),
}));
vi.mock('./store.js', async (original) => ({
  ...(await original<typeof import('./store.js')>()),
  readEvaluation: vi.fn(
    async (): Promise<EvaluationRecord> => ({
      projectId: 'prj_q',
      state: 'waiting',
      version: 60,
      roundCount: 59,
    }),
  ),
  readReviews: vi.fn(async () => []),
  readRounds: vi.fn(),
}));

const staff: Caller = {
  principal: { role: 'staff', ownerId: 'stf_1', keyId: 'key_1' },
  correlationId: 'c',
  now: new Date('2026-03-02T02:00:00Z'),
};
const numbered = (from: number, to: number): NumberedRound[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    number: from + i,
    round: {
      at: '2026-03-01T00:00:00.000Z',
      needed: 1,
      chosen: [],
      shortBy: 1,
      parameterVersion: 1,
      trigger: `r${from + i}`,
      explanations: [],
    } satisfies AssignmentRound,
  }));
const reader = vi.mocked(readRounds);

beforeEach(() => reader.mockReset());

describe('GET /v1/projects/{id}/evaluation: the rounds answered', () => {
  it('asks for the latest rounds within the line bound, and says where older ones begin', async () => {
    reader.mockResolvedValue({ rounds: numbered(11, 60), count: 60, more: true });
    const view = await evaluationFor('prj_q', staff);
    expect(reader).toHaveBeenCalledWith(expect.objectContaining({ projectId: 'prj_q' }), ROUNDS_ANSWERED, {
      lines: LINES_ANSWERED,
    });
    expect(view).toMatchObject({ roundCount: 60, olderRoundsBefore: 11 });
    expect(view).toHaveProperty(
      'rounds',
      numbered(11, 60).map((r) => r.round),
    );
  });

  it('pages back below roundsBefore, and says nothing of older rounds once round 1 is answered', async () => {
    reader.mockResolvedValue({ rounds: numbered(1, 10), count: 60, more: false });
    const view = await evaluationFor('prj_q', staff, 11);
    expect(reader).toHaveBeenCalledWith(expect.anything(), ROUNDS_ANSWERED, {
      before: 11,
      lines: LINES_ANSWERED,
    });
    expect(view).toMatchObject({ roundCount: 60 });
    expect(view).not.toHaveProperty('olderRoundsBefore');
  });

  it('says nothing of older rounds where the numbers below the oldest answered were never used (no more to read)', async () => {
    // A record an older release rewrote can leave numbers unused below its rounds (README, rounds as items).
    reader.mockResolvedValue({ rounds: numbered(4, 9), count: 9, more: false });
    const view = await evaluationFor('prj_q', staff);
    expect(view).not.toHaveProperty('olderRoundsBefore');
  });

  it('says nothing of older rounds when no round is answered', async () => {
    reader.mockResolvedValue({ rounds: [], count: 0, more: false });
    const view = await evaluationFor('prj_q', staff);
    expect(view).not.toHaveProperty('olderRoundsBefore');
    expect(view).toMatchObject({ roundCount: 0, rounds: [] });
  });
});
