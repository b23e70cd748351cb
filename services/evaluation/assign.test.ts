import type { StoredProject, TransactItem } from '@wuhan/aws';
import {
  type DomainEvent,
  defaultVersion,
  type EvaluationRecord,
  type ExpertProfile,
  evaluationRoundRecord,
  expandRound,
  type ReviewRecord,
} from '@wuhan/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AssignPorts, assignExperts, reviewDueDeadlineId, reviewOverdueDeadlineId } from './assign.js';

process.env.TABLE_NAME ??= 'main';
const now = new Date('2026-03-02T02:00:00.000Z'); // 10:00 in Shanghai, 2 March

const project = {
  id: 'prj_q',
  title: '量子精密测量仪',
  summary: '…',
  techField: 'quantum',
  stage: 'sprouting',
  leadOrganization: '武汉量子科技有限公司',
  district: 'hongshan',
  status: 'under_review',
  version: 3,
} as unknown as StoredProject;

const expert = (id: string, over: Partial<ExpertProfile> = {}): ExpertProfile => ({
  role: 'expert',
  id,
  name: id,
  locale: 'zh-CN',
  organization: `${id} 研究院`,
  sector: 'science',
  techFields: ['quantum'],
  declaredConflicts: [],
  maxOpenReviews: 5,
  openReviews: 0,
  active: true,
  ...over,
});

interface Committed {
  writes: readonly TransactItem[];
  events: readonly DomainEvent[];
}

function fakePorts(state: {
  experts: ExpertProfile[];
  reviews?: ReviewRecord[];
  record?: EvaluationRecord;
  status?: string;
}): AssignPorts & { committed: Committed[] } {
  const committed: Committed[] = [];
  return {
    committed,
    tableName: 'main',
    now,
    getProject: async () => ({ ...project, status: state.status ?? 'under_review' }) as StoredProject,
    readEvaluation: async () => state.record,
    newestRoundNumber: async () => undefined,
    readReviews: async () => state.reviews ?? [],
    partnerOrganizations: async () => ['华中科技大学'],
    experts: async () => state.experts,
    parameters: async () => defaultVersion('evaluation', new Date('2025-01-25T00:00:00Z')),
    commit: async (writes, events) => {
      committed.push({ writes, events });
    },
  };
}

/** The decisions of one transaction, by name: who got a review, whose load moved, which deadlines, the record. */
function decisions(c: Committed | undefined) {
  const puts = (c?.writes ?? []).flatMap((w) => (w.Put ? [w.Put.Item as Record<string, unknown>] : []));
  const updates = (c?.writes ?? []).flatMap((w) => (w.Update ? [w.Update] : []));
  return {
    reviewsFor: puts.filter((i) => i.entity === 'review').map((i) => i.expertId),
    deadlines: puts.filter((i) => i.entity === 'deadline').map((i) => [i.id, i.dueAt]),
    record: puts.find((i) => i.entity === 'evaluation'),
    round: puts.find((i) => i.entity === 'evaluation-round'),
    loadUp: updates.filter((u) => u.UpdateExpression === 'ADD openReviews :one').map((u) => u.Key?.pk),
    loadDown: updates.filter((u) => u.UpdateExpression === 'ADD openReviews :minus').map((u) => u.Key?.pk),
    withdrawn: updates.filter((u) => String(u.UpdateExpression).includes(':withdrawn')).map((u) => u.Key?.sk),
    events: (c?.events ?? []).map((e) => e.type),
  };
}

const pool = () => [
  expert('exp-a', { sector: 'science' }),
  expert('exp-b', { sector: 'industry' }),
  expert('exp-c', { sector: 'economy' }),
  expert('exp-hust', { organization: '华中科技大学', sector: 'industry' }),
  expert('exp-d', { sector: 'science', openReviews: 1 }),
];

describe('assigning experts when a project enters review', () => {
  let ports: ReturnType<typeof fakePorts>;
  beforeEach(() => {
    ports = fakePorts({ experts: pool() });
  });

  it('puts three experts of mixed sectors on the panel, skipping the partner’s, in one transaction', async () => {
    const result = await assignExperts('prj_q', { kind: 'entered_review', correlationId: 'cor-1' }, ports);
    expect(result).toEqual({ kind: 'assigned', chosen: ['exp-a', 'exp-b', 'exp-c'], shortBy: 0 });
    expect(ports.committed).toHaveLength(1);
    const d = decisions(ports.committed[0]);
    expect(d.reviewsFor).toEqual(['exp-a', 'exp-b', 'exp-c']);
    expect(d.loadUp).toEqual(['EXPERT#exp-a', 'EXPERT#exp-b', 'EXPERT#exp-c']);
    expect(d.events).toEqual(['evaluation.assigned']);
    expect(d.record).toMatchObject({ state: 'open', version: 1 });
  });

  it('keeps the explanation with the assignment: the conflicted expert is named with the reason', async () => {
    await assignExperts('prj_q', { kind: 'entered_review', correlationId: 'cor-1' }, ports);
    const round = expandRound(evaluationRoundRecord.parse(decisions(ports.committed[0]).round));
    const lines = round.explanations;
    expect(lines.find((l) => l.expertId === 'exp-hust')).toMatchObject({
      decision: 'skipped',
      skip: 'conflict_partner_organization',
    });
    expect(lines.find((l) => l.expertId === 'exp-d')).toMatchObject({
      decision: 'skipped',
      skip: 'ranked_lower',
    });
  });

  it('sets each review due after 14 days (reminder at 09:00 that day) and overdue after 7 days of grace', async () => {
    await assignExperts('prj_q', { kind: 'entered_review', correlationId: 'cor-1' }, ports);
    const { deadlines } = decisions(ports.committed[0]);
    expect(deadlines).toContainEqual([reviewDueDeadlineId('prj_q', 'exp-a'), '2026-03-16T01:00:00.000Z']);
    // The grace ends with 23 March; the replacement comes at its end, 24 March 00:00 in Shanghai.
    expect(deadlines).toContainEqual([reviewOverdueDeadlineId('prj_q', 'exp-a'), '2026-03-23T16:00:00.000Z']);
  });

  it('makes the project wait and tells staff when too few experts are eligible', async () => {
    ports = fakePorts({ experts: [expert('exp-a'), expert('exp-hust', { organization: '华中科技大学' })] });
    const result = await assignExperts('prj_q', { kind: 'entered_review', correlationId: 'cor-1' }, ports);
    expect(result).toEqual({ kind: 'assigned', chosen: ['exp-a'], shortBy: 2 });
    const d = decisions(ports.committed[0]);
    expect(d.events).toEqual(['evaluation.assigned', 'evaluation.waiting_for_experts']);
    expect(d.record).toMatchObject({ state: 'waiting', gsi2pk: 'EVALUATIONS#WAITING' });
  });

  it('does nothing for a project no longer under review, or whose panel is full', async () => {
    expect(
      await assignExperts(
        'prj_q',
        { kind: 'entered_review', correlationId: 'c' },
        fakePorts({ experts: pool(), status: 'qualified' }),
      ),
    ).toEqual({ kind: 'not_under_review' });
    const assigned = (id: string): ReviewRecord => ({
      projectId: 'prj_q',
      expertId: id,
      state: 'assigned',
      assignedAt: now.toISOString(),
      dueOn: '2026-03-16',
      chosenBecause: 'x',
      revision: 0,
    });
    const full = fakePorts({
      experts: pool(),
      reviews: [assigned('exp-a'), assigned('exp-b'), assigned('exp-c')],
    });
    expect(await assignExperts('prj_q', { kind: 'entered_review', correlationId: 'c' }, full)).toEqual({
      kind: 'panel_full',
    });
    expect(full.committed).toEqual([]);
  });
});

describe('replacing an overdue review', () => {
  const review = (
    id: string,
    sector: ReviewRecord['sector'],
    state: ReviewRecord['state'] = 'assigned',
  ): ReviewRecord => ({
    projectId: 'prj_q',
    expertId: id,
    sector,
    state,
    assignedAt: now.toISOString(),
    dueOn: '2026-03-16',
    chosenBecause: 'x',
    revision: 0,
  });
  const record: EvaluationRecord = { projectId: 'prj_q', state: 'open', version: 1, rounds: [] };

  it('withdraws the overdue expert, frees their slot and assigns someone not asked before, together', async () => {
    const ports = fakePorts({
      experts: pool(),
      reviews: [
        review('exp-a', 'science'),
        review('exp-b', 'industry', 'submitted'),
        review('exp-c', 'economy'),
      ],
      record,
    });
    const result = await assignExperts(
      'prj_q',
      { kind: 'withdrawal', correlationId: 'c', withdraw: { expertId: 'exp-a', reason: 'overdue' } },
      ports,
    );
    expect(result).toMatchObject({ chosen: ['exp-d'] });
    const d = decisions(ports.committed[0]);
    expect(d.withdrawn).toEqual(['REVIEW#exp-a']);
    expect(d.loadDown).toEqual(['EXPERT#exp-a']);
    expect(d.reviewsFor).toEqual(['exp-d']);
    const assigned = ports.committed[0]?.events.find((e) => e.type === 'evaluation.assigned');
    expect(assigned?.data).toMatchObject({ expertIds: ['exp-d'], replacing: 'exp-a' });
  });

  it('leaves a review that came in just before the deadline fired alone', async () => {
    const ports = fakePorts({
      experts: pool(),
      reviews: [
        review('exp-a', 'science', 'submitted'),
        review('exp-b', 'industry'),
        review('exp-c', 'economy'),
      ],
      record,
    });
    const result = await assignExperts(
      'prj_q',
      { kind: 'withdrawal', correlationId: 'c', withdraw: { expertId: 'exp-a', reason: 'overdue' } },
      ports,
    );
    expect(result).toEqual({ kind: 'panel_full' });
  });
});

describe('what the assignment writes, against the evaluation function’s IAM key prefixes', () => {
  it('writes only inside its LeadingKeys prefixes (the local stack does not enforce IAM; AWS would refuse)', async () => {
    const { functionSpec } = await import('@wuhan/topology');
    const prefixes = functionSpec('evaluation').access.writeKeys ?? [];
    const ports = fakePorts({ experts: pool() });
    await assignExperts(
      'prj_q',
      { kind: 'entered_review', correlationId: 'cor-1', withdraw: { expertId: 'exp-d', reason: 'overdue' } },
      ports,
    );
    const written = ports.committed.flatMap((c) => [
      ...c.writes.map((w) =>
        String((w.Put?.Item ?? w.Update?.Key ?? w.Delete?.Key ?? w.ConditionCheck?.Key)?.pk),
      ),
      // commit adds each event's one row: its history row under the event's subject (the outbox too).
      ...c.events.map((e) => `${e.subject.kind.toUpperCase()}#${e.subject.id}`),
    ]);
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((pk) => !prefixes.some((prefix) => pk.startsWith(prefix)))).toEqual([]);
  });
});
