import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import { type Caller, defaultVersion, type EvaluationRecord, type ReviewRecord } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeIfComplete } from './decide.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2026-03-20T02:00:00Z');
const caller: Caller = {
  principal: { role: 'expert', ownerId: 'exp-c', keyId: 'event' },
  correlationId: 'cor-1',
  now,
};

const project = {
  ...keys.project('prj_q'),
  id: 'prj_q',
  title: '量子精密测量仪',
  summary: '…',
  techField: 'quantum',
  stage: 'sprouting',
  trl: 5,
  leadOrganization: '武汉量子科技有限公司',
  teamLead: { name: '赵强', email: 'zq@example.cn' },
  district: 'hongshan',
  status: 'under_review',
  stageTrlMismatch: false,
  commissionerId: 'com-1',
  recommendationCount: 1,
  createdAt: '2026-03-01T02:00:00.000Z',
  updatedAt: '2026-03-02T02:00:00.000Z',
  version: 4,
};
const scores = (s: number) => ({
  demand: s,
  disruptiveness: s,
  producibility: s,
  plan: s,
  capability: s,
  returns: s,
  risk: s,
});
const submitted = (expertId: string, s: number): ReviewRecord => ({
  projectId: 'prj_q',
  expertId,
  state: 'submitted',
  assignedAt: '2026-03-02T02:00:00.000Z',
  dueOn: '2026-03-16',
  chosenBecause: 'x',
  scores: scores(s),
  revision: 1,
  submittedAt: '2026-03-10T02:00:00.000Z',
});
const open: EvaluationRecord = { projectId: 'prj_q', state: 'open', version: 2, rounds: [] };

function arrange(record: EvaluationRecord, reviews: ReviewRecord[]) {
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.project('prj_q') }).resolves({ Item: project });
  ddb
    .on(GetCommand, { Key: keys.evaluation('prj_q') })
    .resolves({ Item: { ...keys.evaluation('prj_q'), ...record } });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PROJECT#prj_q', ':prefix': 'REVIEW#' } })
    .resolves({ Items: reviews.map((r) => ({ ...keys.review('prj_q', r.expertId), ...r })) });
  ddb
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PARAMS#evaluation', ':prefix': 'V#' } })
    .resolves({ Items: [defaultVersion('evaluation', new Date('2025-01-25T00:00:00Z'))] });
  ddb.on(TransactWriteCommand).resolves({});
}

type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const sent = (): Item[] => ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const events = (items: Item[]) =>
  items.flatMap((i) =>
    i.Put?.Item?.entity === 'history'
      ? [i.Put.Item.event as { type: string; data: Record<string, unknown> }]
      : [],
  );

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('deciding once the reviews are in', () => {
  it('qualifies the project, closing the record on the version read, in the same transaction as the move', async () => {
    arrange(open, [submitted('exp-a', 4), submitted('exp-b', 4), submitted('exp-c', 3.5)]);
    expect(await closeIfComplete('prj_q', caller)).toEqual({ kind: 'decided', outcome: 'qualified' });
    const items = sent();
    const record = items.find((i) => i.Put?.Item?.entity === 'evaluation')?.Put;
    expect(record?.ConditionExpression).toBe('version = :read');
    expect(record?.ExpressionAttributeValues).toEqual({ ':read': 2 });
    expect(record?.Item).toMatchObject({ state: 'closed', outcome: 'qualified', version: 3 });
    expect(record?.Item?.decision).toMatchObject({ parameterVersion: 1, outcome: 'qualified' });
    const qualified = events(items).find((e) => e.type === 'project.qualified');
    expect(qualified?.data).toMatchObject({ stage: 'sprouting', techField: 'quantum', district: 'hongshan' });
    expect(
      events(items)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['project.qualified', 'project.status_changed']);
    // Each reviewer's slot is freed.
    const freed = items
      .filter((i) => i.Update?.UpdateExpression === 'ADD openReviews :minus')
      .map((i) => i.Update?.Key?.pk);
    expect(freed.sort()).toEqual(['EXPERT#exp-a', 'EXPERT#exp-b', 'EXPERT#exp-c']);
    // Decided on the scores as stored: each review read is checked unchanged (state and revision).
    const checked = items.flatMap((i) => (i.ConditionCheck ? [i.ConditionCheck] : []));
    expect(checked.map((c) => c.Key?.sk).sort()).toEqual(['REVIEW#exp-a', 'REVIEW#exp-b', 'REVIEW#exp-c']);
    expect(checked[0]?.ConditionExpression).toBe('#state = :state AND #revision = :revision');
  });

  it('closing keeps what the record holds of its rounds: their count and any inline ones of an older record', async () => {
    // A record as the rounds-as-items change leaves an older one whose inline rounds could not move out yet.
    const inline = {
      at: '2026-03-02T02:00:00.000Z',
      needed: 3,
      chosen: ['exp-a', 'exp-b', 'exp-c'],
      shortBy: 0,
      parameterVersion: 1,
      trigger: 'project.under_review',
      explanations: [{ expertId: 'exp-a', decision: 'chosen' as const, reason: 'field match' }],
    };
    arrange({ ...open, rounds: [inline], roundCount: 3 }, [
      submitted('exp-a', 4),
      submitted('exp-b', 4),
      submitted('exp-c', 3.5),
    ]);
    expect(await closeIfComplete('prj_q', caller)).toEqual({ kind: 'decided', outcome: 'qualified' });
    const record = sent().find((i) => i.Put?.Item?.entity === 'evaluation')?.Put?.Item;
    expect(record).toMatchObject({ state: 'closed', roundCount: 3, rounds: [inline] });
  });

  it('decides nothing when the same event comes again after the record closed', async () => {
    arrange({ ...open, state: 'closed', outcome: 'qualified', version: 3 }, [
      submitted('exp-a', 4),
      submitted('exp-b', 4),
      submitted('exp-c', 3.5),
    ]);
    expect(await closeIfComplete('prj_q', caller)).toEqual({ kind: 'closed' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('waits while a review is still outstanding', async () => {
    const outstanding: ReviewRecord = { ...submitted('exp-c', 3), state: 'assigned', revision: 0 };
    delete outstanding.scores;
    arrange(open, [submitted('exp-a', 4), submitted('exp-b', 4), outstanding]);
    expect(await closeIfComplete('prj_q', caller)).toEqual({ kind: 'waiting_for_reviews' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('sends a disagreement of 2 points to staff', async () => {
    arrange(open, [submitted('exp-a', 5), submitted('exp-b', 5), submitted('exp-c', 3)]);
    expect(await closeIfComplete('prj_q', caller)).toEqual({ kind: 'decided', outcome: 'needs_consensus' });
    expect(events(sent()).map((e) => e.type)).toContain('project.needs_consensus');
  });
});
