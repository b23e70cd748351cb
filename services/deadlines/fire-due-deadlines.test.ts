import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  cancelDeadline,
  deadlineItem,
  dueDeadlines,
  fireDeadline,
  resetConfig,
  setDeadline,
} from '@wuhan/aws';
import { type DomainEvent, newDeadline } from '@wuhan/domain';
import { context } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type DeadlinePorts, fireDueDeadlines } from './fire-due-deadlines.js';
import { handler } from './handler.js';

/**
 * The sweep against a small in-memory table behind the mocked DynamoDB client: it answers the due-deadline
 * query from the listing keys (with the keys only, as gsi2 projects), BatchGetItem from the items, and applies a transaction only if its deadline condition holds, so a moved clock,
 * a second sweep and a cancel behave as they would in DynamoDB. DynamoDB Local proves the same in
 * test/integration/deadlines.test.ts.
 */
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
type Item = Record<string, unknown>;
const table = new Map<string, Item>();
/** Set to make the next transaction lose to a concurrent one, as DynamoDB may in AWS. */
let conflictNext = false;

function query(input: QueryCommandInput) {
  const values = input.ExpressionAttributeValues ?? {};
  const after = String(input.ExclusiveStartKey?.gsi2sk ?? '');
  const matching = [...table.values()]
    .filter((i) => i.gsi2pk === values[':pk'] && String(i.gsi2sk) < String(values[':below']))
    .filter((i) => String(i.gsi2sk) > after)
    .sort((a, b) => String(a.gsi2sk).localeCompare(String(b.gsi2sk)));
  const page = matching.slice(0, input.Limit ?? matching.length);
  const last = page.at(-1);
  return {
    // gsi2 projects keys only (and `state`): the sweep reads the deadlines themselves from the table.
    Items: page.map(({ pk, sk, gsi2pk, gsi2sk, state }) => ({ pk, sk, gsi2pk, gsi2sk, state })),
    ...(last && page.length < matching.length ? { LastEvaluatedKey: { gsi2sk: last.gsi2sk } } : {}),
  };
}

const keyOf = (item: Item) => `${item.pk}|${item.sk}`;

function batchGet(input: BatchGetCommandInput) {
  const keys = input.RequestItems?.main?.Keys ?? [];
  return { Responses: { main: keys.flatMap((key) => table.get(keyOf(key)) ?? []) } };
}

function transact(input: TransactWriteCommandInput) {
  const items = input.TransactItems ?? [];
  if (conflictNext) {
    conflictNext = false;
    throw cancelled(items.map(() => 'TransactionConflict'));
  }
  const reasons = items.map((item) => {
    if (item.Put) {
      const exists = table.has(keyOf(item.Put.Item ?? {}));
      return item.Put.ConditionExpression === 'attribute_not_exists(pk)' && exists
        ? 'ConditionalCheckFailed'
        : 'None';
    }
    // Only the condition that makes firing exactly-once is modelled; any other is a failure of the test.
    if (item.Update?.ConditionExpression !== '#state = :pending')
      throw new Error(`The fake table does not model ${item.Update?.ConditionExpression}`);
    const stored = table.get(`${item.Update.Key?.pk}|${item.Update.Key?.sk}`);
    return stored?.state === 'pending' ? 'None' : 'ConditionalCheckFailed';
  });
  if (reasons.some((r) => r !== 'None')) throw cancelled(reasons);
  for (const item of items) {
    if (item.Put?.Item) table.set(keyOf(item.Put.Item), item.Put.Item);
    const update = item.Update;
    if (update?.Key) {
      const key = `${update.Key.pk}|${update.Key.sk}`;
      const { gsi2pk: _pk, gsi2sk: _sk, ...rest } = table.get(key) ?? {};
      const values = update.ExpressionAttributeValues ?? {};
      table.set(key, { ...rest, state: values[':to'], [`${values[':to']}At`]: values[':now'] });
    }
  }
  return {};
}

function cancelled(codes: string[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** The events in a subject's history (its `EVENT#` rows), as `GET /v1/projects/{id}` would show them. */
function historyOf(subjectId: string): DomainEvent[] {
  return [...table.values()]
    .filter((i) => i.entity === 'history' && i.pk === `PROJECT#${subjectId}`)
    .map((i) => i.event as DomainEvent);
}

const ports: DeadlinePorts = { dueDeadlines, fireDeadline };
const limits = { pageSize: 25, maxPerRun: 500 };
const at = (iso: string) => new Date(iso);

function deadlineFor(subjectId: string, dueAt: string) {
  return newDeadline({
    id: `offer:${subjectId}`,
    eventType: 'deadline.fired',
    dueAt: at(dueAt),
    subject: { kind: 'project', id: subjectId },
    payload: { platformId: 'cvc-whu' },
    correlationId: `corr-${subjectId}`,
    now: at('2026-03-01T00:00:00.000Z'),
  });
}

beforeEach(() => {
  ddb.reset();
  table.clear();
  conflictNext = false;
  ddb.on(QueryCommand).callsFake(query);
  ddb.on(BatchGetCommand).callsFake(batchGet);
  ddb.on(TransactWriteCommand).callsFake(transact);
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('fire due deadlines, with the clock moved instead of waited for', () => {
  it('fires nothing before the due time, then exactly once, and never again', async () => {
    await setDeadline(deadlineFor('prj_a', '2026-03-11T02:00:00.000Z'));

    const early = await fireDueDeadlines(ports, at('2026-03-11T01:59:59.999Z'), limits);
    expect(early.fired).toBe(0);
    expect(historyOf('prj_a')).toEqual([]);

    const due = await fireDueDeadlines(ports, at('2026-03-11T02:00:00.000Z'), limits);
    expect(due.fired).toBe(1);
    const later = await fireDueDeadlines(ports, at('2026-03-20T00:00:00.000Z'), limits);
    expect(later.fired).toBe(0);

    const history = historyOf('prj_a');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      type: 'deadline.fired',
      occurredAt: '2026-03-11T02:00:00.000Z',
      correlationId: 'corr-prj_a',
      data: { deadlineId: 'offer:prj_a', dueAt: '2026-03-11T02:00:00.000Z', platformId: 'cvc-whu' },
    });
    expect(table.get('DEADLINE#offer:prj_a|DEADLINE')).toMatchObject({
      state: 'fired',
      firedAt: '2026-03-11T02:00:00.000Z',
    });
  });

  it('fires once when two sweeps run at the same time', async () => {
    await setDeadline(deadlineFor('prj_b', '2026-03-11T02:00:00.000Z'));
    const [one, two] = await Promise.all([
      fireDueDeadlines(ports, at('2026-03-11T02:01:00.000Z'), limits),
      fireDueDeadlines(ports, at('2026-03-11T02:01:00.000Z'), limits),
    ]);
    expect((one?.fired ?? 0) + (two?.fired ?? 0)).toBe(1);
    expect(historyOf('prj_b')).toHaveLength(1);
  });

  it('skips a deadline the index still lists after it fired (the index lags the table)', async () => {
    const stale = deadlineFor('prj_c', '2026-03-11T02:00:00.000Z');
    await setDeadline(stale);
    await fireDueDeadlines(ports, at('2026-03-11T02:00:00.000Z'), limits);
    // The GSI is eventually consistent: a sweep may still be shown the pending copy.
    const laggingPorts: DeadlinePorts = { ...ports, dueDeadlines: async () => ({ deadlines: [stale] }) };
    const again = await fireDueDeadlines(laggingPorts, at('2026-03-11T02:01:00.000Z'), limits);
    expect(again).toMatchObject({ fired: 0, notPending: 1 });
    expect(historyOf('prj_c')).toHaveLength(1);
  });

  it('never fires a cancelled deadline', async () => {
    await setDeadline(deadlineFor('prj_d', '2026-03-11T02:00:00.000Z'));
    expect(await cancelDeadline('offer:prj_d', at('2026-03-05T00:00:00.000Z'))).toBe('cancelled');
    const result = await fireDueDeadlines(ports, at('2026-04-01T00:00:00.000Z'), limits);
    expect(result.fired).toBe(0);
    expect(historyOf('prj_d')).toEqual([]);
    expect(table.get('DEADLINE#offer:prj_d|DEADLINE')).toMatchObject({ state: 'cancelled' });
  });

  it('cannot be set again once fired, so a retried request does not revive it', async () => {
    const deadline = deadlineFor('prj_e', '2026-03-11T02:00:00.000Z');
    await setDeadline(deadline);
    await fireDueDeadlines(ports, at('2026-03-12T00:00:00.000Z'), limits);
    expect(await setDeadline(deadline)).toBe('already-set');
    await fireDueDeadlines(ports, at('2026-03-13T00:00:00.000Z'), limits);
    expect(historyOf('prj_e')).toHaveLength(1);
  });

  it('fires only what is due, across index pages', async () => {
    for (const [i, dueAt] of ['01', '02', '03', '04', '05'].entries()) {
      await setDeadline(deadlineFor(`prj_p${i}`, `2026-03-${dueAt}T00:00:00.000Z`));
    }
    const result = await fireDueDeadlines(ports, at('2026-03-04T00:00:00.000Z'), {
      pageSize: 2,
      maxPerRun: 50,
    });
    expect(result).toMatchObject({ fired: 4, more: false });
    expect(historyOf('prj_p4')).toEqual([]);
  });

  it('stops at its per-run bound and leaves the rest to the next sweep', async () => {
    for (const i of [0, 1, 2, 3, 4]) await setDeadline(deadlineFor(`prj_q${i}`, '2026-03-01T00:00:00.000Z'));
    const bounded = { pageSize: 2, maxPerRun: 3 };
    const first = await fireDueDeadlines(ports, at('2026-03-02T00:00:00.000Z'), bounded);
    expect(first).toMatchObject({ fired: 3, more: true });
    const second = await fireDueDeadlines(ports, at('2026-03-02T00:01:00.000Z'), bounded);
    expect(second.fired).toBe(2);
    const third = await fireDueDeadlines(ports, at('2026-03-02T00:02:00.000Z'), bounded);
    expect(third).toMatchObject({ fired: 0, more: false });
  });

  it('starts no page when the invocation is nearly out of time', async () => {
    await setDeadline(deadlineFor('prj_t', '2026-03-01T00:00:00.000Z'));
    const result = await fireDueDeadlines(ports, at('2026-03-02T00:00:00.000Z'), {
      ...limits,
      timeLeftMs: () => 5_000,
      reserveMs: 10_000,
    });
    expect(result).toMatchObject({ fired: 0, more: true });
  });

  it('leaves a deadline lost to a concurrent transaction pending for the next sweep', async () => {
    await setDeadline(deadlineFor('prj_f', '2026-03-01T00:00:00.000Z'));
    conflictNext = true;
    const lost = await fireDueDeadlines(ports, at('2026-03-02T00:00:00.000Z'), limits);
    expect(lost).toMatchObject({ fired: 0, contended: 1 });
    const next = await fireDueDeadlines(ports, at('2026-03-02T00:01:00.000Z'), limits);
    expect(next.fired).toBe(1);
    expect(historyOf('prj_f')).toHaveLength(1);
  });

  it('fires the others when one fails, then fails the sweep naming it (so it is retried)', async () => {
    await setDeadline(deadlineFor('prj_g', '2026-03-01T00:00:00.000Z'));
    await setDeadline(deadlineFor('prj_h', '2026-03-01T00:00:00.000Z'));
    const failing: DeadlinePorts = {
      ...ports,
      fireDeadline: (d, now) =>
        d.id === 'offer:prj_g' ? Promise.reject(new Error('throttled')) : fireDeadline(d, now),
    };
    await expect(fireDueDeadlines(failing, at('2026-03-02T00:00:00.000Z'), limits)).rejects.toThrow(
      /offer:prj_g/,
    );
    expect(historyOf('prj_h')).toHaveLength(1);
    expect(historyOf('prj_g')).toEqual([]);
  });
});

describe('deadlines handler', () => {
  it("sweeps at the scheduled event's time, not the machine's", async () => {
    table.set(
      'DEADLINE#offer:prj_x|DEADLINE',
      deadlineItem(deadlineFor('prj_x', '2030-01-01T00:00:00.000Z')),
    );
    const before = await handler({ time: '2029-12-31T23:59:00Z' }, context({ timeoutSeconds: 60 }));
    expect(before).toMatchObject({ fired: 0, now: '2029-12-31T23:59:00.000Z' });
    const after = await handler({ time: '2030-01-01T00:00:00Z' }, context({ timeoutSeconds: 60 }));
    expect(after.fired).toBe(1);
  });

  it('refuses an event without a time rather than guessing one', async () => {
    await expect(handler({}, context())).rejects.toThrow();
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
