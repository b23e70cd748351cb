import { keys, type StoredProject, type TransactItem, tableKeyOf } from '@wuhan/aws';
import {
  type AssignmentRound,
  defaultVersion,
  type EvaluationRoundRecord,
  type ExpertProfile,
  evaluationRecord,
  evaluationRoundRecord,
  expandRound,
  type ReviewRecord,
  reviewRecord,
} from '@wuhan/domain';
import { dynamoItemBytes } from '@wuhan/testing';
import { describe, expect, it } from 'vitest';
import { type AssignPorts, assignExperts } from './assign.js';

/**
 * The evaluation record must not grow with the rounds (a project waiting for experts goes through one per expert
 * chosen or withdrawn, and each round explains every candidate of the pool): each round is its own item, written
 * in the transaction that moves the record. Here a fake table applies each committed transaction, with the
 * conditions the real one checks (the record's version, a round number taken once), over many rounds.
 */
process.env.TABLE_NAME ??= 'main';
const now = new Date('2026-03-02T02:00:00.000Z');
const projectId = 'prj_01JQ8R5W7B3K2M9N4P6T8V0XYZ';

const project = {
  id: projectId,
  title: '量子精密测量仪',
  techField: 'quantum',
  leadOrganization: '武汉量子科技有限公司',
  district: 'hongshan',
  status: 'under_review',
  version: 3,
} as unknown as StoredProject;

const sectors = ['science', 'industry', 'economy'] as const;
/** A realistic pool: 200 experts with profile-like ids, a third in the project's field, some busy or inactive. */
const pool = (size: number): ExpertProfile[] =>
  Array.from({ length: size }, (_, i) => ({
    role: 'expert',
    id: `exp_01JQ8R5W7B3K2M9N4P6T${String(i).padStart(6, '0')}`,
    name: `专家 ${i}`,
    locale: 'zh-CN',
    organization: `研究院 ${i}`,
    sector: sectors[i % 3],
    techFields: [i % 3 === 0 ? 'quantum' : 'artificial_intelligence'],
    declaredConflicts: [],
    maxOpenReviews: 5,
    openReviews: i % 7 === 0 ? 5 : i % 4,
    active: i % 13 !== 0,
  })) as ExpertProfile[];

type Item = Record<string, unknown>;

/** One partition of a table: items by sort key, each transaction all-or-nothing under its conditions. */
function fakeTable() {
  const items = new Map<string, Item>();
  const apply = (writes: readonly TransactItem[]) => {
    for (const w of writes) {
      const put = w.Put;
      if (!put?.Item) continue;
      const sk = tableKeyOf(put.Item);
      const stored = items.get(sk);
      if (put.ConditionExpression === 'attribute_not_exists(pk)' && stored) {
        throw new Error(`condition failed: ${sk} exists`);
      }
      if (put.ConditionExpression === 'version = :read') {
        if (stored?.version !== put.ExpressionAttributeValues?.[':read']) {
          throw new Error(`condition failed: ${sk} version`);
        }
      }
    }
    for (const w of writes) {
      if (w.Put?.Item) items.set(tableKeyOf(w.Put.Item), w.Put.Item);
      const update = w.Update;
      if (update?.Key && String(update.UpdateExpression).includes(':withdrawn')) {
        const review = items.get(tableKeyOf(update.Key));
        if (review) items.set(tableKeyOf(update.Key), { ...review, state: 'withdrawn' });
      }
    }
  };
  const record = () => items.get(tableKeyOf(keys.evaluation(projectId)));
  const ofProject = (prefix: string) =>
    [...items.values()]
      .filter((item) => item.pk === keys.evaluation(projectId).pk && String(item.sk).startsWith(prefix))
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
  const rounds = () => ofProject(keys.evaluationRoundPrefix);
  return { items, apply, record, rounds, ofProject };
}

function portsOn(table: ReturnType<typeof fakeTable>, experts: ExpertProfile[]): AssignPorts {
  return {
    tableName: 'main',
    now,
    getProject: async () => project,
    readEvaluation: async () => {
      const item = table.record();
      return item ? evaluationRecord.parse(item) : undefined;
    },
    readReviews: async () => table.ofProject(keys.reviewPrefix).map((item) => reviewRecord.parse(item)),
    partnerOrganizations: async () => [],
    experts: async () => experts,
    parameters: async () => defaultVersion('evaluation', new Date('2025-01-25T00:00:00Z')),
    commit: async (writes) => table.apply(writes),
  };
}

/** The panel as stored: who holds the review now. */
const holding = (table: ReturnType<typeof fakeTable>): ReviewRecord[] =>
  table
    .ofProject(keys.reviewPrefix)
    .map((item) => reviewRecord.parse(item))
    .filter((r) => r.state === 'assigned');

describe('the evaluation record over many assignment rounds', () => {
  it('stays under one KB after 31 rounds of a 200-expert pool, every round kept as its own item', async () => {
    const table = fakeTable();
    const ports = portsOn(table, pool(200));
    await assignExperts(projectId, { kind: 'entered_review', correlationId: 'cor-0' }, ports);
    const afterFirst = dynamoItemBytes(table.record() ?? {});
    // Thirty overdue experts replaced one after another: a round each.
    for (let i = 1; i <= 30; i++) {
      const overdue = holding(table)[0]?.expertId ?? '';
      const result = await assignExperts(
        projectId,
        { kind: 'withdrawal', correlationId: `cor-${i}`, withdraw: { expertId: overdue, reason: 'overdue' } },
        ports,
      );
      expect(result).toMatchObject({ kind: 'assigned', shortBy: 0 });
    }

    const record = evaluationRecord.parse(table.record());
    expect(record).toMatchObject({ state: 'open', version: 31, roundCount: 31 });
    expect(record.rounds).toBeUndefined();
    const bytes = dynamoItemBytes(table.record() ?? {});
    expect(bytes).toBeLessThan(1024);
    // Only the counters' digits may differ from the record after the first round.
    expect(bytes - afterFirst).toBeLessThanOrEqual(4);

    const stored = table.rounds().map((item) => evaluationRoundRecord.parse(item));
    expect(stored.map((r) => r.round)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    const rounds = stored.map(expandRound);
    expect(rounds[0]?.trigger).toBe('entered_review');
    expect(new Set(rounds.slice(1).map((r) => r.trigger))).toEqual(new Set(['withdrawal:overdue']));
    // Each round explains the whole pool, once: its size follows the pool, not the project's history, and is
    // stored compact (≈ 31 B a skipped expert: 7 KB here, where the lines written whole would take 31 KB).
    for (const round of rounds) expect(round.explanations).toHaveLength(200);
    for (const item of table.rounds()) expect(dynamoItemBytes(item)).toBeLessThan(8 * 1024);
  });

  it('lets only one of two rounds decided on the same record land (the version), and never reuses a number', async () => {
    const table = fakeTable();
    const ports = portsOn(table, pool(20));
    await assignExperts(projectId, { kind: 'entered_review', correlationId: 'cor-0' }, ports);
    const read = evaluationRecord.parse(table.record());
    const [a, b] = holding(table);
    // Both replacements read the same record; the second's transaction fails whole (no round item left behind).
    const stale: AssignPorts = { ...ports, readEvaluation: async () => read };
    await assignExperts(
      projectId,
      {
        kind: 'withdrawal',
        correlationId: 'c-a',
        withdraw: { expertId: a?.expertId ?? '', reason: 'overdue' },
      },
      stale,
    );
    await expect(
      assignExperts(
        projectId,
        {
          kind: 'withdrawal',
          correlationId: 'c-b',
          withdraw: { expertId: b?.expertId ?? '', reason: 'overdue' },
        },
        stale,
      ),
    ).rejects.toThrow(/condition failed/);
    expect(table.rounds().map((r) => r.round)).toEqual([1, 2]);
    expect(evaluationRecord.parse(table.record())).toMatchObject({ version: 2, roundCount: 2 });
  });
});

describe('a record written with its rounds inline (before rounds were items)', () => {
  const inlineRound = (trigger: string, at: string): AssignmentRound => ({
    at,
    needed: 3,
    chosen: [],
    shortBy: 3,
    parameterVersion: 1,
    trigger,
    explanations: [
      { expertId: 'exp_old', decision: 'skipped', skip: 'inactive', reason: 'the profile is deactivated' },
    ],
  });
  const legacy = (count: number): Item => ({
    ...keys.evaluation(projectId),
    ...keys.waitingEvaluationListing(projectId),
    entity: 'evaluation',
    projectId,
    state: 'waiting',
    version: count,
    rounds: Array.from({ length: count }, (_, i) =>
      inlineRound(
        i === 0 ? 'entered_review' : 'expert_added',
        new Date(Date.UTC(2026, 1, 1 + i)).toISOString(),
      ),
    ),
  });

  it('moves its rounds out, numbered 1…n, in the next assignment’s transaction; the new round is n + 1', async () => {
    const table = fakeTable();
    table.items.set(tableKeyOf(keys.evaluation(projectId)), legacy(2));
    await assignExperts(projectId, { kind: 'expert_added', correlationId: 'c' }, portsOn(table, pool(20)));
    const record = table.record() ?? {};
    expect(record.rounds).toBeUndefined();
    expect(record).toMatchObject({ version: 3, roundCount: 3, state: 'open' });
    const stored = table.rounds().map((item) => evaluationRoundRecord.parse(item));
    expect(stored.map((r) => [r.round, r.trigger])).toEqual([
      [1, 'entered_review'],
      [2, 'expert_added'],
      [3, 'expert_added'],
    ]);
    expect(expandRound(stored[0] as EvaluationRoundRecord)).toEqual(
      inlineRound('entered_review', '2026-02-01T00:00:00.000Z'),
    );
  });

  it('leaves them inline (no longer appended to) when the transaction has no room for them', async () => {
    const table = fakeTable();
    table.items.set(tableKeyOf(keys.evaluation(projectId)), legacy(120));
    await assignExperts(projectId, { kind: 'expert_added', correlationId: 'c' }, portsOn(table, pool(20)));
    const record = evaluationRecord.parse(table.record());
    expect(record.rounds).toHaveLength(120);
    expect(record).toMatchObject({ version: 121, roundCount: 121 });
    expect(table.rounds().map((r) => r.round)).toEqual([121]);
  });
});
