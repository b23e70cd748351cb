import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '@wuhan/domain';
import { runSchedule, testDocumentClient, useStackEnvironment } from '@wuhan/testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Issue 8 point 5 on the local stack: a deadline set through the store (from this process, with the stack's
 * environment, as a use case would) fires once when the `deadline-sweep` schedule runs at a time past it, and
 * never before it or after a cancel. The clock is moved by running the schedule with `at`, never by waiting.
 * Each test uses its own subject and a due time of its own; sweeps at a later `at` fire every due deadline,
 * so each test checks only its own subject's history.
 */
const info = inject('stack');
const minute = 60_000;
const sweep = 'deadline-sweep';

async function store() {
  const [aws, domain] = await Promise.all([import('@wuhan/aws'), import('@wuhan/domain')]);
  return { ...aws, ...domain };
}

/** The subject's history rows (`EVENT#…`), read strongly consistent from the table. */
async function historyOf(subjectKind: string, subjectId: string): Promise<DomainEvent[]> {
  const { keys } = await store();
  const { Items = [] } = await testDocumentClient(info).send(
    new QueryCommand({
      TableName: info.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': keys.history(subjectKind, subjectId, '').pk, ':event': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => item.event as DomainEvent);
}

/** A pending deadline about a fresh subject, due at a unique instant days from now. */
async function setTestDeadline() {
  const { newDeadline, setDeadline } = await store();
  const subjectId = `dl-${randomUUID()}`;
  const dueAt = new Date(Date.now() + 3 * 24 * 60 * minute + Math.floor(Math.random() * 24 * 60 * minute));
  const deadline = newDeadline({
    id: `test:${subjectId}`,
    eventType: 'deadline.fired',
    dueAt,
    subject: { kind: 'deadline-test', id: subjectId },
    payload: { note: '到期提醒' },
    correlationId: `corr-${subjectId}`,
    now: new Date(),
  });
  expect(await setDeadline(deadline)).toBe('set');
  return { deadline, subjectId, dueAt };
}

const shifted = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe('deadlines on the local stack', () => {
  beforeAll(async () => {
    await useStackEnvironment(info);
  });

  it('fires nothing before the due time, then exactly one deadline.fired, and not again', async () => {
    const { deadline, subjectId, dueAt } = await setTestDeadline();

    const early = await runSchedule(info, sweep, shifted(dueAt, -minute));
    expect(early.status).toBe(200);
    expect(await historyOf('deadline-test', subjectId)).toEqual([]);

    const due = await runSchedule(info, sweep, shifted(dueAt, minute));
    expect(due.status).toBe(200);
    expect(due.result).toMatchObject({ now: shifted(dueAt, minute).toISOString() });
    const history = await historyOf('deadline-test', subjectId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      type: 'deadline.fired',
      correlationId: deadline.correlationId,
      subject: { kind: 'deadline-test', id: subjectId },
      data: { deadlineId: deadline.id, dueAt: dueAt.toISOString(), note: '到期提醒' },
    });

    expect((await runSchedule(info, sweep, shifted(dueAt, 2 * minute))).status).toBe(200);
    expect(await historyOf('deadline-test', subjectId)).toHaveLength(1);
    const { getDeadline } = await store();
    expect(await getDeadline(deadline.id)).toMatchObject({ state: 'fired' });
  });

  it('fires once when two sweeps run at the same time', async () => {
    const { subjectId, dueAt } = await setTestDeadline();
    const runs = await Promise.all([
      runSchedule(info, sweep, shifted(dueAt, minute)),
      runSchedule(info, sweep, shifted(dueAt, minute)),
    ]);
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    expect(await historyOf('deadline-test', subjectId)).toHaveLength(1);
  });

  it('never fires a cancelled deadline, and a fired one cannot be set again', async () => {
    const { deadline, subjectId, dueAt } = await setTestDeadline();
    const { cancelDeadline, setDeadline } = await store();
    expect(await cancelDeadline(deadline.id, new Date())).toBe('cancelled');
    expect(await cancelDeadline(deadline.id, new Date())).toBe('not-pending');

    expect((await runSchedule(info, sweep, shifted(dueAt, 10 * minute))).status).toBe(200);
    expect(await historyOf('deadline-test', subjectId)).toEqual([]);
    // Its id stays taken: a retried "set" cannot bring it back.
    expect(await setDeadline(deadline)).toBe('already-set');
  });

  it('refuses a schedule time that is not an ISO date-time', async () => {
    const response = await fetch(`${info.controlUrl}/schedules/${sweep}?at=tomorrow`, { method: 'POST' });
    expect(response.status).toBe(400);
  });
});
