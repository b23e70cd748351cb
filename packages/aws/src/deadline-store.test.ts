import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { newDeadline } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from './config.js';
import {
  cancelDeadline,
  deadlineCancel,
  deadlineFire,
  deadlineSet,
  dueDeadlinesQuery,
  fireDeadline,
  setDeadline,
} from './deadline-store.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);

const now = new Date('2026-03-01T02:00:00.000Z');
const deadline = newDeadline({
  id: 'review:rev_1',
  eventType: 'deadline.fired',
  dueAt: new Date('2026-03-15T16:00:00.000Z'),
  subject: { kind: 'project', id: 'prj_1' },
  payload: { expertId: 'exp_1' },
  correlationId: 'corr-1',
  now,
});

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** The item of a transaction written to `pk` (by key, not by position). */
function itemFor(items: readonly TransactItem[], pk: string): TransactItem | undefined {
  return items.find((i) => (i.Put?.Item?.pk ?? i.Update?.Key?.pk) === pk);
}

function sentTransaction(): TransactItem[] {
  return ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
}

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('deadline request builders', () => {
  it('sets a deadline only if its id was never used, listed as pending by due time', () => {
    const { Put } = deadlineSet('main', deadline);
    expect(Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Put?.Item).toMatchObject({
      pk: 'DEADLINE#review:rev_1',
      sk: 'DEADLINE',
      gsi2pk: 'DEADLINES#PENDING',
      gsi2sk: '2026-03-15T16:00:00.000Z#review:rev_1',
      entity: 'deadline',
      state: 'pending',
      eventType: 'deadline.fired',
    });
  });

  it('refuses to set a deadline that is not pending', () => {
    expect(() => deadlineSet('main', { ...deadline, state: 'fired' })).toThrow(/pending/);
  });

  it('cancels and fires only from pending, leaving the sweeper index in the same write', () => {
    for (const [item, to] of [
      [deadlineCancel('main', 'review:rev_1', now), 'cancelled'],
      [deadlineFire('main', 'review:rev_1', now), 'fired'],
    ] as const) {
      const update = item.Update;
      expect(update?.Key).toEqual(keys.deadline('review:rev_1'));
      expect(update?.ConditionExpression).toBe('#state = :pending');
      expect(update?.ExpressionAttributeNames).toEqual({ '#state': 'state' });
      expect(update?.ExpressionAttributeValues).toMatchObject({ ':pending': 'pending', ':to': to });
      expect(update?.UpdateExpression).toMatch(/REMOVE gsi2pk, gsi2sk$/);
      expect(update?.UpdateExpression).toContain(`${to}At = :now`);
    }
  });

  it("queries a range that holds every instant up to now and none after (the strings' order is the instants')", () => {
    const query = dueDeadlinesQuery('main', new Date('2026-03-15T16:00:00.000Z'), 25);
    expect(query).toMatchObject({ IndexName: 'gsi2', Limit: 25, KeyConditionExpression: expect.any(String) });
    const below = String(query.ExpressionAttributeValues?.[':below']);
    const listed = (dueAt: string, id: string) => keys.pendingDeadlineListing(dueAt, id).gsi2sk;
    expect(listed('2026-03-15T16:00:00.000Z', 'zzz:~') < below).toBe(true);
    expect(listed('2026-03-15T15:59:59.999Z', 'a') < below).toBe(true);
    expect(listed('2026-03-15T16:00:00.001Z', '0') < below).toBe(false);
    expect(listed('2026-03-16T00:00:00.000Z', '0') < below).toBe(false);
  });
});

describe('deadline store', () => {
  it('fires in one transaction: the deadline leaves pending, its event goes to its history row (the outbox)', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const firedAt = new Date('2026-03-15T16:01:00.000Z');
    expect(await fireDeadline(deadline, firedAt)).toBe('fired');
    const items = sentTransaction();
    expect(items).toHaveLength(2);
    expect(itemFor(items, 'DEADLINE#review:rev_1')?.Update?.ConditionExpression).toBe('#state = :pending');
    const history = itemFor(items, 'PROJECT#prj_1');
    expect(history?.Put?.Item?.event).toMatchObject({
      type: 'deadline.fired',
      correlationId: 'corr-1',
      subject: { kind: 'project', id: 'prj_1' },
      data: { deadlineId: 'review:rev_1', dueAt: '2026-03-15T16:00:00.000Z', expertId: 'exp_1' },
    });
    expect(history?.Put?.Item).toMatchObject({ entity: 'history', sk: expect.stringMatching(/^EVENT#/) });
  });

  it('answers not-pending when the deadline already fired or was cancelled (its condition failed)', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    expect(await fireDeadline(deadline, now)).toBe('not-pending');
  });

  it('answers contended when DynamoDB cancelled it for a concurrent transaction; rethrows anything else', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None'));
    expect(await fireDeadline(deadline, now)).toBe('contended');
    ddb.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None', 'None'));
    await expect(fireDeadline(deadline, now)).rejects.toThrow(/cancelled/i);
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));
    await expect(fireDeadline(deadline, now)).rejects.toThrow('network down');
  });

  it('setting an id twice answers already-set; cancelling a fired one answers not-pending', async () => {
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejects(cancelled('ConditionalCheckFailed'));
    expect(await setDeadline(deadline)).toBe('set');
    expect(await setDeadline(deadline)).toBe('already-set');
    expect(await cancelDeadline('review:rev_1', now)).toBe('not-pending');
  });
});
