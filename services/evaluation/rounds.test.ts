import {
  buildTransaction,
  inboxPut,
  keys,
  type StoredProject,
  type TransactItem,
  tableKeyOf,
} from '@wuhan/aws';
import {
  type AssignmentRound,
  defaultVersion,
  type EvaluationRoundRecord,
  type ExpertProfile,
  evaluationRecord,
  evaluationRoundRecord,
  expandRound,
  expertSectorIds,
  type ReviewRecord,
  reviewRecord,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { dynamoItemBytes } from '@wuhan/testing';
import { describe, expect, it } from 'vitest';
import { type AssignPorts, assignExperts } from './assign.js';
import { evaluationPut } from './items.js';

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
    newestRoundNumber: async () => {
      const newest = table.rounds().at(-1);
      return newest ? evaluationRoundRecord.parse(newest).round : undefined;
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
    expect(record.rounds).toEqual([]);
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
    expect(record.rounds).toEqual([]);
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

/**
 * The previous release's record schema, as it was (git show 51c76d9:packages/domain/src/evaluation/records.ts):
 * `rounds` required, unknown keys (`roundCount`, `inlineFrom`) stripped. During a deploy (the consumer and the
 * API are separate functions) or after a rollback, that code reads and rewrites what this release wrote.
 */
const previousExplanation = z.object({
  expertId: z.string(),
  decision: z.enum(['chosen', 'skipped']),
  reason: z.string(),
  skip: z.optional(z.string()),
  rank: z.optional(z.number()),
  fieldMatch: z.optional(z.boolean()),
  sector: z.optional(z.enum(expertSectorIds)),
  newSector: z.optional(z.boolean()),
  openReviews: z.optional(z.number()),
});
const previousAssignmentRound = z.object({
  at: z.iso.datetime(),
  needed: z.number().check(z.int(), z.nonnegative()),
  chosen: z.array(z.string()),
  shortBy: z.number().check(z.int(), z.nonnegative()),
  parameterVersion: z.number().check(z.int(), z.positive()),
  trigger: z.string(),
  explanations: z.array(previousExplanation),
});
const previousEvaluationRecord = z.object({
  projectId: z.string(),
  state: z.enum(['open', 'waiting', 'closed']),
  rounds: z.array(previousAssignmentRound),
  version: z.number().check(z.int(), z.positive()),
  outcome: z.optional(z.enum(['qualified', 'not_qualified', 'needs_consensus'])),
  decision: z.optional(z.record(z.string(), z.unknown())),
  closedAt: z.optional(z.iso.datetime()),
});

/** What the previous release's assignment wrote: the record as it parsed it, one more round appended inline. */
function previousReleaseAssigns(table: ReturnType<typeof fakeTable>, round: AssignmentRound) {
  const read = previousEvaluationRecord.parse(table.record());
  table.items.set(tableKeyOf(keys.evaluation(projectId)), {
    ...keys.evaluation(projectId),
    entity: 'evaluation',
    ...read,
    version: read.version + 1,
    rounds: [...read.rounds, round],
  });
}

const oldRound = (trigger: string, minute: number): AssignmentRound => ({
  at: new Date(Date.UTC(2026, 2, 2, 3, minute)).toISOString(),
  needed: 1,
  chosen: [],
  shortBy: 1,
  parameterVersion: 1,
  trigger,
  explanations: [
    { expertId: 'exp_old', decision: 'skipped', skip: 'inactive', reason: 'the profile is deactivated' },
  ],
});

describe('mixed releases: the previous release reads and rewrites what this one wrote', () => {
  it('parses every record this release writes (rounds always present, empty when none is inline)', async () => {
    const table = fakeTable();
    const ports = portsOn(table, pool(20));
    await assignExperts(projectId, { kind: 'entered_review', correlationId: 'cor-0' }, ports);
    expect(previousEvaluationRecord.parse(table.record())).toMatchObject({ rounds: [], version: 1 });
    // The decision's write (decide.ts) spreads the record as read: a record without the field gets it too.
    const closed = evaluationPut(
      'main',
      { projectId, state: 'closed', version: 5, roundCount: 4, outcome: 'qualified' },
      4,
    );
    expect(previousEvaluationRecord.parse(closed.Put?.Item)).toMatchObject({ rounds: [], state: 'closed' });
  });

  it('numbers after the rounds the previous release appended inline, and moves those out under k+1…k+n', async () => {
    const table = fakeTable();
    const ports = portsOn(table, pool(20));
    await assignExperts(projectId, { kind: 'entered_review', correlationId: 'cor-0' }, ports);
    for (let i = 1; i <= 2; i++) {
      const overdue = holding(table)[0]?.expertId ?? '';
      await assignExperts(
        projectId,
        { kind: 'withdrawal', correlationId: `cor-${i}`, withdraw: { expertId: overdue, reason: 'overdue' } },
        ports,
      );
    }
    // Rounds 1…3 are items; then the previous release assigns twice (a rollback), dropping roundCount.
    previousReleaseAssigns(table, oldRound('old-a', 1));
    previousReleaseAssigns(table, oldRound('old-b', 2));
    expect(table.record()).not.toHaveProperty('roundCount');
    expect(table.rounds().map((r) => r.round)).toEqual([1, 2, 3]);

    const overdue = holding(table)[0]?.expertId ?? '';
    const result = await assignExperts(
      projectId,
      { kind: 'withdrawal', correlationId: 'cor-back', withdraw: { expertId: overdue, reason: 'overdue' } },
      ports,
    );
    expect(result).toMatchObject({ kind: 'assigned' });
    const stored = table.rounds().map((item) => evaluationRoundRecord.parse(item));
    expect(stored.map((r) => [r.round, r.trigger])).toEqual([
      [1, 'entered_review'],
      [2, 'withdrawal:overdue'],
      [3, 'withdrawal:overdue'],
      [4, 'old-a'],
      [5, 'old-b'],
      [6, 'withdrawal:overdue'],
    ]);
    expect(expandRound(stored[3] as EvaluationRoundRecord)).toEqual(oldRound('old-a', 1));
    const record = evaluationRecord.parse(table.record());
    expect(record).toMatchObject({ roundCount: 6, rounds: [], version: 6 });
    expect(previousEvaluationRecord.parse(table.record())).toMatchObject({ rounds: [] });
  });

  it('keeps the numbers of appended rounds it has no room to move (inlineFrom), and numbers after them', async () => {
    const table = fakeTable();
    const ports = portsOn(table, pool(20));
    await assignExperts(projectId, { kind: 'entered_review', correlationId: 'cor-0' }, ports);
    for (let i = 0; i < 120; i++) previousReleaseAssigns(table, oldRound(`old-${i}`, i));
    const overdue = holding(table)[0]?.expertId ?? '';
    await assignExperts(
      projectId,
      { kind: 'withdrawal', correlationId: 'c-1', withdraw: { expertId: overdue, reason: 'overdue' } },
      ports,
    );
    expect(evaluationRecord.parse(table.record())).toMatchObject({ roundCount: 122, inlineFrom: 2 });
    expect(table.rounds().map((r) => r.round)).toEqual([1, 122]);
    // The next one still has no room, and numbers after all of them.
    const next = holding(table)[0]?.expertId ?? '';
    await assignExperts(
      projectId,
      { kind: 'withdrawal', correlationId: 'c-2', withdraw: { expertId: next, reason: 'overdue' } },
      ports,
    );
    expect(evaluationRecord.parse(table.record())).toMatchObject({ roundCount: 123, inlineFrom: 2 });
    expect(table.rounds().map((r) => r.round)).toEqual([1, 122, 123]);
  });
});

describe('the newest round item is read only where it decides a number, and only after the record', () => {
  it('is not read for a record this release wrote; for one the previous release wrote, it is read after the record', async () => {
    const table = fakeTable();
    const base = portsOn(table, pool(20));
    const calls: string[] = [];
    const ports: AssignPorts = {
      ...base,
      readEvaluation: async (id) => {
        calls.push('record asked');
        const record = await base.readEvaluation(id);
        calls.push('record read');
        return record;
      },
      newestRoundNumber: async (id) => {
        calls.push('newest item asked');
        return base.newestRoundNumber(id);
      },
    };
    await assignExperts(projectId, { kind: 'entered_review', correlationId: 'cor-0' }, ports);
    const replace = (correlationId: string) =>
      assignExperts(
        projectId,
        {
          kind: 'withdrawal',
          correlationId,
          withdraw: { expertId: holding(table)[0]?.expertId ?? '', reason: 'overdue' },
        },
        ports,
      );
    calls.length = 0;
    await replace('cor-1');
    // roundCount says it all: every item is at or below it (they are written in one transaction).
    expect(calls).toEqual(['record asked', 'record read']);

    // The previous release appends a round and drops roundCount: the newest item now places its inline round.
    previousReleaseAssigns(table, oldRound('old-a', 1));
    calls.length = 0;
    await replace('cor-2');
    // Asked after the record was read: an item read before it could predate the record and misplace its rounds.
    expect(calls).toEqual(['record asked', 'record read', 'newest item asked']);
    expect(table.rounds().map((r) => [r.round, r.trigger])).toEqual([
      [1, 'entered_review'],
      [2, 'withdrawal:overdue'],
      [3, 'old-a'],
      [4, 'withdrawal:overdue'],
    ]);
  });
});

describe('the room for moving inline rounds out, with the inbox in the transaction', () => {
  const oldRecord = (count: number): Item => ({
    ...keys.evaluation(projectId),
    ...keys.waitingEvaluationListing(projectId),
    entity: 'evaluation',
    projectId,
    state: 'waiting',
    version: count,
    rounds: Array.from({ length: count }, (_, i) => oldRound(i === 0 ? 'entered_review' : 'expert_added', i)),
  });
  /** One assignment on an old record of `count` inline rounds, committed as the consumer does (inbox last). */
  async function assignOn(count: number) {
    const table = fakeTable();
    table.items.set(tableKeyOf(keys.evaluation(projectId)), oldRecord(count));
    let size = 0;
    await assignExperts(
      projectId,
      { kind: 'expert_added', correlationId: 'c' },
      {
        ...portsOn(table, pool(20)),
        commit: async (writes, events) => {
          const withInbox = [...writes, inboxPut('main', 'evaluation', 'evt-1', now)];
          // Throws over DynamoDB's 100 items, as the transaction would fail.
          size = buildTransaction('main', withInbox, events).TransactItems?.length ?? 0;
          table.apply(writes);
        },
      },
    );
    return { table, size, record: evaluationRecord.parse(table.record()) };
  }

  it('moves them out when they exactly fill the transaction, and leaves them when one more would not fit', async () => {
    // One inline round moved out: the transaction is what the assignment needs, the new round and that one.
    const probe = await assignOn(1);
    expect(probe.record.rounds).toEqual([]);
    const room = 100 - probe.size + 3;
    expect(room).toBeGreaterThan(10);

    const full = await assignOn(room - 2);
    expect(full.size).toBe(100);
    expect(full.record.rounds).toEqual([]);
    expect(full.table.rounds()).toHaveLength(room - 1);

    const over = await assignOn(room - 1);
    expect(over.size).toBeLessThanOrEqual(100);
    expect(over.record.rounds).toHaveLength(room - 1);
    expect(over.table.rounds().map((r) => r.round)).toEqual([room]);
  });
});
