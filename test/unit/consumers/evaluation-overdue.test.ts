import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  SqsChangeMessageVisibilityCommand as ChangeMessageVisibilityCommand,
  keys,
  parameterVersionItem,
  profileItem,
  resetConfig,
  resetQueueUrls,
  SqsVisibilityClient,
} from '@wuhan/aws';
import { defaultVersion, type ExpertProfile, newEvent, type ReviewRecord } from '@wuhan/domain';
import { context, sqsRecord, storedProjectItem } from '@wuhan/testing';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeTable } from './fake-table.js';

/**
 * An overdue review whose withdrawal completes the set: the evaluation consumer withdraws the expert and then
 * decides. When the decision meets a transient failure, the redelivery must still decide, exactly once; before,
 * the withdrawal was committed with the inbox item, the redelivery was skipped as processed, and the decision
 * waited for some other trigger.
 *
 * Unlike the shared FakeTable (writes recorded, not applied), the redelivery here must see what the first
 * delivery committed, so committed writes are applied to the items the table answers from.
 */
process.env.TABLE_NAME = 'main';

const documents = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
mockClient(SQSClient).resolves({});
const visibility = mockClient(SqsVisibilityClient);
/** A fresh table per test (seeding only adds): the items a test's deliveries left are not the next test's. */
let table = new FakeTable(documents);

type Item = Record<string, unknown>;
const now = new Date('2026-04-01T02:00:00Z');
const projectId = 'prj_01JFAVERDVE000000000000000';
const overdueExpert = 'exp_overdue';
const submittedExperts = ['exp_b', 'exp_c', 'exp_d'];

const scores = {
  demand: 4,
  disruptiveness: 4,
  producibility: 4,
  plan: 4,
  capability: 4,
  returns: 4,
  risk: 4,
};
const review = (expertId: string, state: ReviewRecord['state']): Item => ({
  ...keys.review(projectId, expertId),
  entity: 'review',
  projectId,
  expertId,
  state,
  assignedAt: '2026-03-01T02:00:00.000Z',
  dueOn: '2026-03-15',
  chosenBecause: 'field match',
  revision: state === 'submitted' ? 1 : 0,
  ...(state === 'submitted' ? { scores, submittedAt: '2026-03-10T02:00:00.000Z' } : {}),
});

/**
 * Four asked where three are needed (defaults: three assigned, three to decide): three reviews are in, the fourth
 * is overdue. Its withdrawal needs no replacement and completes the set.
 */
function seedItems(): Item[] {
  return [
    storedProjectItem({ id: projectId, status: 'under_review', version: 4 }),
    { ...keys.evaluation(projectId), entity: 'evaluation', projectId, state: 'open', version: 2, rounds: [] },
    review(overdueExpert, 'assigned'),
    ...submittedExperts.map((e) => review(e, 'submitted')),
    // The experts' principals (their open-review counters), not listed as active: no one to replace with.
    ...[overdueExpert, ...submittedExperts].map((e) => ({ ...keys.principal('expert', e), openReviews: 1 })),
    parameterVersionItem(defaultVersion('evaluation', new Date('2025-01-01T00:00:00Z'))),
  ];
}

/** Three needed, two in, the third overdue, and an active expert in the field to replace them with. */
function seedWithReplacement(): Item[] {
  const replacement: ExpertProfile = {
    role: 'expert',
    id: 'exp_new',
    name: '李新',
    organization: '华中科技大学',
    techFields: ['quantum'],
    sector: 'industry',
    declaredConflicts: [],
    maxOpenReviews: 5,
    email: 'li.xin@example.cn',
    locale: 'zh-CN',
  };
  const overAsked = keyOf(keys.review(projectId, 'exp_d'));
  return [...seedItems().filter((item) => keyOf(item) !== overAsked), profileItem(replacement)];
}

// ---- committed writes applied to the items (the subset of expressions these writes use) ----

const keyOf = (key: Item | undefined) => `${String(key?.pk)}|${String(key?.sk)}`;
let items = new Map<string, Item>();

interface Expression {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** Splits at a keyword outside parentheses. */
function splitTop(text: string, keyword: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const separator = ` ${keyword} `;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
    }
  }
  return [...parts, text.slice(start)].map((p) => p.trim());
}

/**
 * ORs of ANDs of `(…)`, `attribute_(not_)exists(x)`, `x = :v`, `x <> :v`, `x < :v`, `x IN (:a, :b)`: the
 * conditions these writes use. Anything else throws rather than answer wrongly.
 */
function holds(item: Item | undefined, expression: Expression): boolean {
  const condition = expression.ConditionExpression;
  if (!condition) return true;
  const names = expression.ExpressionAttributeNames ?? {};
  const values = expression.ExpressionAttributeValues ?? {};
  const attribute = (token: string) => item?.[names[token] ?? token];
  const atom = (text: string): boolean => {
    const exists = text.match(/^attribute_(not_)?exists\((\S+)\)$/);
    if (exists?.[2]) return (attribute(exists[2]) === undefined) === Boolean(exists[1]);
    const among = text.match(/^(\S+) IN \(([^)]*)\)$/);
    if (among?.[1] && among[2] !== undefined)
      return among[2].split(/,\s*/).some((v) => values[v] === attribute(among[1] ?? ''));
    const compared = text.match(/^(\S+)\s*(=|<>|<)\s*(:\w+)$/);
    if (compared?.[1] && compared[3]) {
      const [actual, expected] = [attribute(compared[1]), values[compared[3]]];
      if (compared[2] === '<') return typeof actual === 'number' && actual < Number(expected);
      return (actual === expected) === (compared[2] === '=');
    }
    if (text.startsWith('(') && text.endsWith(')')) return either(text.slice(1, -1));
    throw new Error(`applied table: unsupported condition "${text}"`);
  };
  const either = (text: string): boolean =>
    splitTop(text, 'OR').some((one) => splitTop(one, 'AND').every(atom));
  return either(condition);
}

/** `SET a = :x, b = :y REMOVE c, d ADD n :v` on a copy of the item. */
function updated(item: Item | undefined, key: Item, update: Expression & { UpdateExpression?: string }) {
  const names = update.ExpressionAttributeNames ?? {};
  const values = update.ExpressionAttributeValues ?? {};
  const name = (token: string) => names[token] ?? token;
  const next: Item = { ...(item ?? key) };
  const clauses = String(update.UpdateExpression).split(/\b(?=SET |REMOVE |ADD )/);
  for (const clause of clauses) {
    const [verb, ...rest] = clause.trim().split(' ');
    for (const part of rest.join(' ').split(/,\s*/)) {
      if (verb === 'SET') {
        const [target, value] = part.split(/\s*=\s*/);
        next[name(String(target))] = values[String(value)];
      } else if (verb === 'REMOVE') {
        delete next[name(part.trim())];
      } else if (verb === 'ADD') {
        const [target, value] = part.trim().split(/\s+/);
        const delta = values[String(value)];
        if (typeof delta !== 'number') throw new Error(`applied table: unsupported ADD "${part}"`);
        next[name(String(target))] = Number(next[name(String(target))] ?? 0) + delta;
      }
    }
  }
  return next;
}

/** Every item of a transaction checked first; all applied, or a cancellation naming the failed conditions. */
function transact(input: TransactWriteCommandInput) {
  const entries = input.TransactItems ?? [];
  const reasons = entries.map((entry) => {
    const request = entry.Put ?? entry.Update ?? entry.ConditionCheck ?? entry.Delete;
    const key = entry.Put ? entry.Put.Item : (request as { Key?: Item } | undefined)?.Key;
    return holds(items.get(keyOf(key)), request ?? {}) ? 'None' : 'ConditionalCheckFailed';
  });
  if (reasons.some((r) => r !== 'None')) {
    throw new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: reasons.map((Code) => ({ Code })),
    });
  }
  for (const entry of entries) {
    if (entry.Put?.Item) items.set(keyOf(entry.Put.Item), entry.Put.Item);
    if (entry.Update?.Key) {
      const key = keyOf(entry.Update.Key);
      items.set(key, updated(items.get(key), entry.Update.Key, entry.Update));
    }
  }
  table.seed(...items.values());
  return {};
}

// ---- what the deliveries did ----

let committed: TransactWriteCommandInput[] = [];
const committedItems = () => committed.flatMap((t) => t.TransactItems ?? []);
/** Committed transactions that closed the evaluation (its record put as `closed`). */
const decisions = () =>
  committed.filter((t) =>
    (t.TransactItems ?? []).some(
      (i) => i.Put?.Item?.entity === 'evaluation' && i.Put.Item.state === 'closed',
    ),
  );
const outcomeEvents = () =>
  committedItems().filter((i) =>
    ['project.qualified', 'project.not_qualified', 'project.needs_consensus'].includes(
      String((i.Put?.Item?.event as { type?: string } | undefined)?.type),
    ),
  );
const assignedEvents = () =>
  committedItems().filter(
    (i) => (i.Put?.Item?.event as { type?: string } | undefined)?.type === 'evaluation.assigned',
  );
const withdrawals = () =>
  committedItems().filter(
    (i) =>
      keyOf(i.Update?.Key) === keyOf(keys.review(projectId, overdueExpert)) &&
      i.Update?.ExpressionAttributeValues?.[':withdrawn'] === 'withdrawn',
  );

/** Fails the next write matching `which` once, transiently (throttled), before anything of it is applied. */
type Write =
  | { command: 'TransactWrite'; input: TransactWriteCommandInput }
  | { command: 'Put'; input: PutCommandInput };
let failOnce: ((write: Write) => boolean) | undefined;
const throttledOnce = (write: Write) => {
  if (!failOnce?.(write)) return;
  failOnce = undefined;
  throw new ProvisionedThroughputExceededException({ message: 'Throttled', $metadata: {} });
};

beforeEach(() => {
  documents.reset();
  visibility.reset();
  visibility.resolves({});
  visibility.on(ChangeMessageVisibilityCommand).resolves({});
  resetConfig();
  resetQueueUrls();
  committed = [];
  failOnce = undefined;
});

/** The table holding `seed`, with committed writes applied. */
function arrange(seed: Item[]) {
  items = new Map(seed.map((item) => [keyOf(item), item]));
  table = new FakeTable(documents);
  table.seed(...items.values()).install();
  documents.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    throttledOnce({ command: 'TransactWrite', input });
    const answer = transact(input);
    committed.push(input);
    return answer;
  });
  // The inbox's own writes (a handler marked processed after it returned; `once` claims).
  documents.on(PutCommand).callsFake((input: PutCommandInput) => {
    throttledOnce({ command: 'Put', input });
    const item = input.Item ?? {};
    if (!holds(items.get(keyOf(item)), input)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    items.set(keyOf(item), item);
    table.seed(item);
    return {};
  });
}

const overdue = newEvent({
  type: 'evaluation.review_overdue',
  actor: { role: 'system', id: 'deadlines' },
  subject: { kind: 'project', id: projectId },
  correlationId: 'corr-overdue',
  data: {
    deadlineId: `review-overdue:${projectId}:${overdueExpert}`,
    dueAt: '2026-03-23T16:00:00.000Z',
    projectId,
    title: '量子精密测量',
    district: 'east_lake_hitech',
    expertId: overdueExpert,
    expertIds: [overdueExpert],
    dueOn: '2026-03-15',
  },
  now,
});

async function deliver(record: SQSRecord, receiveCount = 1): Promise<SQSBatchResponse> {
  const { handler } = await import('../../../services/evaluation/handler.js');
  const event: SQSEvent = {
    Records: [
      { ...record, attributes: { ...record.attributes, ApproximateReceiveCount: String(receiveCount) } },
    ],
  };
  return handler(event, context());
}

describe('evaluation consumer: an overdue review whose withdrawal completes the set', () => {
  it('withdraws the expert and decides, once, on a clean delivery', async () => {
    arrange(seedItems());
    const answer = await deliver(sqsRecord(overdue));
    expect(answer.batchItemFailures).toEqual([]);
    expect(withdrawals()).toHaveLength(1);
    expect(decisions()).toHaveLength(1);
    expect(outcomeEvents()).toHaveLength(1);
  });

  it('still decides, exactly once, when the decision fails transiently after the withdrawal committed', async () => {
    arrange(seedItems());
    const record = sqsRecord(overdue);
    failOnce = (write) =>
      write.command === 'TransactWrite' &&
      (write.input.TransactItems ?? []).some(
        (i) => i.Put?.Item?.entity === 'evaluation' && i.Put.Item.state === 'closed',
      );

    const first = await deliver(record);
    // Transient: the message is retried, and the withdrawal is already stored.
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(withdrawals()).toHaveLength(1);
    expect(decisions()).toHaveLength(0);

    const second = await deliver(record, 2);
    expect(second.batchItemFailures).toEqual([]);
    expect(decisions()).toHaveLength(1);
    expect(outcomeEvents()).toHaveLength(1);
    expect(items.get(keyOf(keys.project(projectId)))?.status).not.toBe('under_review');
    // Nothing of the first delivery repeated: the expert withdrawn and their slot freed once.
    expect(withdrawals()).toHaveLength(1);
    expect(items.get(keyOf(keys.principal('expert', overdueExpert)))?.openReviews).toBe(0);
    expect(items.get(keyOf(keys.inbox('evaluation', overdue.id)))?.state).toBe('processed');

    // A further duplicate is acknowledged without effect.
    const before = committed.length;
    const third = await deliver(sqsRecord(overdue), 1);
    expect(third.batchItemFailures).toEqual([]);
    expect(committed).toHaveLength(before);
  });

  it('a redelivery after the replacement was assigned asks no one else (the inbox mark failed once)', async () => {
    arrange(seedWithReplacement());
    const record = sqsRecord(overdue);
    // Everything committed, then marking the event processed is throttled: the whole handler runs again.
    failOnce = (write) => write.command === 'Put' && write.input.Item?.entity === 'inbox';

    const first = await deliver(record);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(assignedEvents()).toHaveLength(1);

    const second = await deliver(record, 2);
    expect(second.batchItemFailures).toEqual([]);
    expect(withdrawals()).toHaveLength(1);
    expect(assignedEvents()).toHaveLength(1);
    expect(committedItems().filter((i) => i.Put?.Item?.entity === 'review')).toHaveLength(1);
    expect(items.get(keyOf(keys.principal('expert', 'exp_new')))?.openReviews).toBe(1);
    expect(decisions()).toHaveLength(0);
    expect(items.get(keyOf(keys.inbox('evaluation', overdue.id)))?.state).toBe('processed');
  });
});

// ---- a declined review: the freed slot resumes a waiting project before the inbox records the event ----

const waitingId = 'prj_01JFAWA1TNG000000000000000';
const declinedExpert = 'exp_declined';
/** A review of any project (the helper above is the overdue project's). */
const reviewOf = (project: string, expertId: string, state: ReviewRecord['state']): Item => ({
  ...review(expertId, state),
  ...keys.review(project, expertId),
  projectId: project,
  ...(state === 'withdrawn' ? { withdrawnAt: '2026-03-20T02:00:00.000Z', withdrawalReason: 'declined' } : {}),
});

/**
 * The project: three needed, one declined (already withdrawn over the API), one in, one outstanding. A second
 * project waits for experts, one short. One active expert in the field, with room for both.
 */
function seedDeclinedAndWaiting(): Item[] {
  const newcomer: ExpertProfile = {
    role: 'expert',
    id: 'exp_new',
    name: '李新',
    organization: '华中科技大学',
    techFields: ['quantum'],
    sector: 'industry',
    declaredConflicts: [],
    maxOpenReviews: 5,
    email: 'li.xin@example.cn',
    locale: 'zh-CN',
  };
  return [
    storedProjectItem({ id: projectId, status: 'under_review', version: 4 }),
    { ...keys.evaluation(projectId), entity: 'evaluation', projectId, state: 'open', version: 2, rounds: [] },
    reviewOf(projectId, declinedExpert, 'withdrawn'),
    reviewOf(projectId, 'exp_b', 'submitted'),
    reviewOf(projectId, 'exp_c', 'assigned'),
    storedProjectItem({ id: waitingId, status: 'under_review', version: 4 }),
    {
      ...keys.evaluation(waitingId),
      ...keys.waitingEvaluationListing(waitingId),
      entity: 'evaluation',
      projectId: waitingId,
      state: 'waiting',
      version: 1,
      rounds: [],
    },
    reviewOf(waitingId, 'exp_e', 'assigned'),
    reviewOf(waitingId, 'exp_f', 'assigned'),
    profileItem(newcomer),
    parameterVersionItem(defaultVersion('evaluation', new Date('2025-01-01T00:00:00Z'))),
  ];
}

const withdrawn = newEvent({
  type: 'evaluation.review_withdrawn',
  actor: { role: 'expert', id: declinedExpert },
  subject: { kind: 'project', id: projectId },
  correlationId: 'corr-withdrawn',
  data: { projectId, expertId: declinedExpert, reason: 'declined' },
  now,
});

/** `evaluation.assigned` events committed for one project. */
const assignedTo = (project: string) =>
  assignedEvents().filter(
    (i) => (i.Put?.Item?.event as { data?: { projectId?: string } } | undefined)?.data?.projectId === project,
  );
/** The committed transactions writing `project`'s evaluation record. */
const roundsOf = (project: string) =>
  committed.filter((t) =>
    (t.TransactItems ?? []).some(
      (i) => i.Put?.Item?.entity === 'evaluation' && i.Put.Item.projectId === project,
    ),
  );

describe('evaluation consumer: a withdrawn review frees a slot for a project waiting for experts', () => {
  it('replaces the expert and resumes the waiting project, once each, on a clean delivery', async () => {
    arrange(seedDeclinedAndWaiting());
    const answer = await deliver(sqsRecord(withdrawn));
    expect(answer.batchItemFailures).toEqual([]);
    expect(assignedTo(projectId)).toHaveLength(1);
    expect(assignedTo(waitingId)).toHaveLength(1);
    expect(items.get(keyOf(keys.evaluation(waitingId)))?.state).toBe('open');
  });

  it('still resumes the waiting project, exactly once, when its round fails transiently after the replacement committed', async () => {
    arrange(seedDeclinedAndWaiting());
    const record = sqsRecord(withdrawn);
    failOnce = (write) =>
      write.command === 'TransactWrite' &&
      (write.input.TransactItems ?? []).some(
        (i) => i.Put?.Item?.entity === 'evaluation' && i.Put.Item.projectId === waitingId,
      );

    const first = await deliver(record);
    // Transient: the message is retried; the replacement is already stored, the waiting project not resumed.
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(assignedTo(projectId)).toHaveLength(1);
    expect(roundsOf(waitingId)).toHaveLength(0);

    const second = await deliver(record, 2);
    expect(second.batchItemFailures).toEqual([]);
    expect(roundsOf(waitingId)).toHaveLength(1);
    expect(assignedTo(waitingId)).toHaveLength(1);
    expect(items.get(keyOf(keys.evaluation(waitingId)))?.state).toBe('open');
    // Nothing of the first delivery repeated: one replacement, the newcomer asked once per project.
    expect(assignedTo(projectId)).toHaveLength(1);
    expect(roundsOf(projectId)).toHaveLength(1);
    expect(items.get(keyOf(keys.principal('expert', 'exp_new')))?.openReviews).toBe(2);
    expect(items.get(keyOf(keys.inbox('evaluation', withdrawn.id)))?.state).toBe('processed');

    // A further duplicate is acknowledged without effect.
    const before = committed.length;
    const third = await deliver(sqsRecord(withdrawn), 1);
    expect(third.batchItemFailures).toEqual([]);
    expect(committed).toHaveLength(before);
  });
});
