import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
// The one-operation SES v2 client (packages/aws/src/clients/ses-email.ts).
import {
  keys,
  preferencesItem,
  profileItem,
  resetConfig,
  SesEmailClient,
  SesSendEmailCommand,
} from '@wuhan/aws';
import { type DomainEvent, newEvent } from '@wuhan/domain';
import { context, roundTripsInSequence, sqsEvent } from '@wuhan/testing';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { STAFF_LIST_REFRESH_MS, STAFF_LIST_TTL_MS } from './directory.js';
import { sampleEvents, samplePeople } from './samples.js';

/**
 * Issue 13's budget for one notification record, the bench's traffic: a `project.nominated` naming its
 * commissioner (every staff member, the nominating partner and the commissioner are emailed). Every DynamoDB
 * request and SES send of the handler, named, so a change that adds a request fails here; and how many happen one
 * after another (`stages`), so a change that puts independent reads back in sequence, or adds a stage, fails too.
 * A batch's records run in parallel, so a batch takes as long as its slowest record's chain of stages, and under
 * load each DynamoDB round trip's p99 is ~100 ms (bench/README.md).
 */
process.env.TABLE_NAME = 'main';
process.env.MAIL_TRANSPORT = 'ses';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const ses = mockClient(SesEmailClient);

let handler: typeof import('./handler.js')['handler'];
beforeAll(async () => {
  // Only Date is faked, before the handler's dependencies capture the clock: a test then chooses whether the
  // staff list (shared by a process's records for STAFF_LIST_TTL_MS, directory.ts) is still fresh.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-02T02:00:00Z'));
  ({ handler } = await import('./handler.js'));
});
afterAll(() => {
  vi.useRealTimers();
});

const staff = samplePeople.filter((p) => p.role === 'staff');
const items = new Map<string, Record<string, unknown>>();
const itemKey = (key: Record<string, unknown> | undefined) => `${String(key?.pk)}|${String(key?.sk)}`;

beforeEach(() => {
  // Every test starts with the staff list out of date, as the first batch of a process finds it.
  vi.setSystemTime(Date.now() + STAFF_LIST_TTL_MS + 1);
  items.clear();
  for (const person of samplePeople) {
    const item = profileItem(person);
    items.set(itemKey(item), item);
  }
  const preferences = preferencesItem('stf-anna', { 'project.milestone_recorded': 'digest' }, new Date());
  items.set(itemKey(preferences), preferences);

  ddb.reset();
  ses.reset();
  ddb
    .on(GetCommand)
    .callsFake((input: { Key: Record<string, unknown> }) => ({ Item: items.get(itemKey(input.Key)) }));
  ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([table, { Keys = [] }]) => [
        table,
        Keys.flatMap((key) => items.get(itemKey(key)) ?? []),
      ]),
    ),
  }));
  ddb.on(QueryCommand).callsFake(() => ({
    Items: [...items.values()].filter((item) => item.gsi1pk === keys.profileListing('staff', '').gsi1pk),
  }));
  // The claim finds every recipient free; the settle is accepted.
  ddb.on(UpdateCommand).resolves({});
  let sent = 0;
  ses.on(SesSendEmailCommand).callsFake(() => ({ MessageId: `ses-${++sent}` }));
  resetConfig();
});

/** A nomination as the bench's POSTs produce it: a new project, its commissioner named. */
function nomination(n: number): DomainEvent {
  const sample = sampleEvents['project.nominated'];
  return newEvent({
    type: 'project.nominated',
    actor: sample.actor,
    subject: { kind: 'project', id: `prj_bench_${n}` },
    correlationId: `cor-bench-${n}`,
    data: { ...sample.data, projectId: `prj_bench_${n}`, title: `基准项目 ${n}` },
  });
}

/** Every request the handler sent, named by the kind of item it reads or writes (`<pk kind>/<sk>`). */
function requests(): string[] {
  const kind = (key: Record<string, unknown> | undefined) =>
    `${String(key?.pk).split('#')[0]}/${String(key?.sk)}`;
  const names = ddb.calls().map((call) => {
    const command = call.args[0];
    if (command instanceof GetCommand) return `GetItem ${kind(command.input.Key)}`;
    if (command instanceof QueryCommand) return `Query ${command.input.IndexName ?? 'table'}`;
    if (command instanceof UpdateCommand) return `UpdateItem ${kind(command.input.Key)}`;
    if (command instanceof BatchGetCommand) {
      const read = Object.values(command.input.RequestItems ?? {}).flatMap(({ Keys = [] }) => Keys.map(kind));
      return `BatchGetItem ${[...new Set(read)].sort().join(' ')}`;
    }
    return command.constructor.name;
  });
  return [...names, ...ses.calls().map(() => 'SES SendEmail')].sort();
}

/**
 * Runs `act` with every DynamoDB and SES answer held until all requests sent so far are out, then released
 * together: the number of releases is the number of stages in sequence (the chain a record waits through), and
 * requests sent in the same release went out concurrently.
 */
function stages(act: () => Promise<unknown>): Promise<number> {
  return roundTripsInSequence(act, [DynamoDBDocumentClient, SesEmailClient], 3);
}

const deliver = (...events: DomainEvent[]) =>
  handler(sqsEvent(...events), context({ functionName: 'notification' }));

describe('one notification record (issue 13)', () => {
  it('the first record of a process: the staff listing, the partner and the commissioner together; the staff profiles; their preferences; one claim, the sends, one settle', async () => {
    let answer: SQSBatchResponse | undefined;
    expect(
      await stages(async () => {
        answer = await deliver(nomination(1));
      }),
    ).toBe(6);
    expect(answer?.batchItemFailures).toEqual([]);
    expect(requests()).toEqual(
      [
        // The staff listing (gsi1 holds keys) and its profiles.
        'Query gsi1',
        'BatchGetItem STAFF/PROFILE',
        'BatchGetItem COMMISSIONER/PROFILE PARTNER/PROFILE',
        'BatchGetItem STAFF/NOTIFYPREFS',
        'UpdateItem MAIL/CLAIMS',
        'UpdateItem MAIL/CLAIMS',
        ...Array(staff.length + 2).fill('SES SendEmail'),
      ].sort(),
    );
  });

  it('with the staff list fresh: the partner, the commissioner and the preferences together; one claim, the sends, one settle', async () => {
    await deliver(nomination(1));
    ddb.resetHistory();
    ses.resetHistory();
    expect(await stages(() => deliver(nomination(2)))).toBe(4);
    expect(requests()).toEqual(
      [
        // The partner, the commissioner and the staff's preferences: one request (batched-reads.ts).
        'BatchGetItem COMMISSIONER/PROFILE PARTNER/PROFILE STAFF/NOTIFYPREFS',
        'UpdateItem MAIL/CLAIMS',
        'UpdateItem MAIL/CLAIMS',
        ...Array(staff.length + 2).fill('SES SendEmail'),
      ].sort(),
    );
  });

  it('with the staff list due for its refresh: the same four stages, the next list read beside them', async () => {
    await deliver(nomination(1));
    ddb.resetHistory();
    ses.resetHistory();
    vi.setSystemTime(Date.now() + STAFF_LIST_REFRESH_MS);
    expect(await stages(() => deliver(nomination(2)))).toBe(4);
    expect(requests()).toEqual(
      [
        'BatchGetItem COMMISSIONER/PROFILE PARTNER/PROFILE STAFF/NOTIFYPREFS',
        // The refresh (directory.ts): the listing and its profiles, not waited for by the record.
        'Query gsi1',
        'BatchGetItem STAFF/PROFILE',
        'UpdateItem MAIL/CLAIMS',
        'UpdateItem MAIL/CLAIMS',
        ...Array(staff.length + 2).fill('SES SendEmail'),
      ].sort(),
    );
  });

  it('does not return while a staff list refresh its records started is in flight (Lambda would freeze it mid-request)', async () => {
    await deliver(nomination(1));
    vi.setSystemTime(Date.now() + STAFF_LIST_REFRESH_MS);
    ddb.resetHistory();
    ses.resetHistory();
    // The refresh's listing is answered only when the test says so.
    let answerListing: () => void = () => {};
    const listingHeld = new Promise<void>((resolve) => {
      answerListing = resolve;
    });
    ddb.on(QueryCommand).callsFake(async () => {
      await listingHeld;
      return {
        Items: [...items.values()].filter((item) => item.gsi1pk === keys.profileListing('staff', '').gsi1pk),
      };
    });
    let returned = false;
    const answer = deliver(nomination(2)).then((response) => {
      returned = true;
      return response;
    });
    // The record's own work is done: its emails sent, its claims claimed and settled.
    await vi.waitFor(() => {
      expect(ses).toHaveReceivedCommandTimes(SesSendEmailCommand, staff.length + 2);
      expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 2);
    });
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(false);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);

    answerListing();
    expect((await answer).batchItemFailures).toEqual([]);
    // It returned after the refresh had read its listing and the listed profiles.
    expect(requests()).toContain('BatchGetItem STAFF/PROFILE');
  });

  it('a batch of ten: the records read their recipients and preferences in one shared request, and each claims and settles its own event', async () => {
    await deliver(nomination(1));
    ddb.resetHistory();
    ses.resetHistory();
    const batch = Array.from({ length: 10 }, (_, n) => nomination(10 + n));
    let answer: SQSBatchResponse | undefined;
    // As long as one record's chain: the records run in parallel and share their reads.
    expect(
      await stages(async () => {
        answer = await deliver(...batch);
      }),
    ).toBe(4);
    expect(answer?.batchItemFailures).toEqual([]);
    expect(requests()).toEqual(
      [
        'BatchGetItem COMMISSIONER/PROFILE PARTNER/PROFILE STAFF/NOTIFYPREFS',
        ...Array(20).fill('UpdateItem MAIL/CLAIMS'),
        ...Array(10 * (staff.length + 2)).fill('SES SendEmail'),
      ].sort(),
    );
    // Each event's own claim item, claimed once and settled once.
    const claimed = ddb
      .commandCalls(UpdateCommand)
      .map((call) => String(call.args[0].input.Key?.pk))
      .sort();
    expect(claimed).toEqual(batch.flatMap((event) => [`MAIL#${event.id}`, `MAIL#${event.id}`]).sort());
  });
});
