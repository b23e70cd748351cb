import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, type TransactItem } from '@wuhan/aws';
import { projectKeyHash } from '@wuhan/domain';
import {
  cancelled,
  givenDistrictCommissioners,
  givenPartnerProfile,
  httpEvent,
  mockTable,
  roundTripsInSequence,
  storedProjectItem,
} from '@wuhan/testing';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from './handler.js';

/**
 * Issue 13's request budget for POST /v1/nominations (with an Idempotency-Key, as every partner sends it): each
 * DynamoDB request the function makes, named, so a change that adds a request back fails here; and how many of
 * them happen one after another (`roundTrips`), so a change that puts independent reads back in sequence fails
 * too. (The authorizer's reads come before and are not intake's.)
 */
const { ddb, reset } = mockTable();
const context = { functionName: 'intake', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

const body = {
  title: '面向城市电网的固态储能模组',
  summary: '高安全固态电池模组的研制与示范。',
  techField: 'hydrogen_energy',
  stage: 'gestation',
  leadOrganization: '武汉储能研究院',
  teamLead: { name: '周敏', email: 'zhoumin@example.cn' },
  district: 'east_lake_hitech',
};
const hash = projectKeyHash(body.title, body.leadOrganization);

function post(idempotencyKey: string) {
  const path = '/v1/nominations';
  return handler(
    httpEvent({
      method: 'POST',
      path,
      headers: { 'idempotency-key': idempotencyKey },
      body,
      authorizer: { role: 'partner', ownerId: 'ptn-hust', keyId: 'key_1' },
    }),
    context,
  );
}

/** Every request the function sent, named by what it reads or writes. */
function requests(): string[] {
  const name = (key: Record<string, unknown> | undefined) => String(key?.pk).split('#')[0];
  return ddb.calls().map((call) => {
    const command = call.args[0];
    if (command instanceof GetCommand) return `GetItem ${name(command.input.Key)}`;
    if (command instanceof QueryCommand) return `Query ${command.input.IndexName ?? 'table'}`;
    if (command instanceof TransactWriteCommand) return 'TransactWriteItems';
    if (command instanceof PutCommand) return `PutItem ${name(command.input.Item)}`;
    if (command instanceof UpdateCommand) return `UpdateItem ${name(command.input.Key)}`;
    if (command instanceof DeleteCommand) return `DeleteItem ${name(command.input.Key)}`;
    if (command instanceof BatchGetCommand) return 'BatchGetItem';
    if (command instanceof BatchWriteCommand) return 'BatchWriteItem';
    return command.constructor.name;
  });
}

/**
 * Runs `act` with every DynamoDB answer held until all requests sent so far are out, then released together:
 * the number of releases is the number of round trips in sequence (the chain a request waits through), and
 * requests sent in the same release went out concurrently.
 */
function roundTrips(act: () => Promise<unknown>): Promise<number> {
  return roundTripsInSequence(act, [DynamoDBDocumentClient]);
}

/** One item of a transaction, named by its partition's kind, the kind of row in a project's partition, an event's type. */
function itemName(item: TransactItem): string {
  const kind = (value: unknown) => String(value).split('#')[0];
  if (item.Update) return `Update ${kind(item.Update.Key?.pk)}`;
  const row = item.Put?.Item ?? {};
  if (kind(row.pk) !== 'PROJECT') return `Put ${kind(row.pk)}`;
  const type = kind(row.sk) === 'EVENT' ? ` ${(row.event as { type?: string } | undefined)?.type}` : '';
  return `Put PROJECT ${kind(row.sk)}${type}`;
}

const commissioners = ['com-elh-a', 'com-elh-b'].map((id) => ({
  id,
  role: 'commissioner',
  district: 'east_lake_hitech',
  openProjects: 1,
  name: '王',
  locale: 'zh-CN',
}));

beforeEach(() => {
  reset();
  givenPartnerProfile(ddb);
  // The district's listing on gsi1 holds keys; the profiles (and their open counts) are read from the table.
  givenDistrictCommissioners(ddb, commissioners);
});

describe('DynamoDB requests per nomination', () => {
  it('a new project: the key record, the partner, the commissioners, one transaction — no separate idempotency writes', async () => {
    let answer: Awaited<ReturnType<typeof post>> | undefined;
    // The key record, the partner and the district's listing together; the open counts; the transaction.
    expect(
      await roundTrips(async () => {
        answer = await post('k-new');
      }),
    ).toBe(3);

    expect(answer?.statusCode).toBe(202);
    expect(requests().sort()).toEqual(
      [
        'GetItem IDEMPOTENCY', // a replay? (the record itself commits in the transaction)
        'GetItem PARTNER', // §二(三): the partner's channel
        'Query gsi1', // the district's commissioners…
        'BatchGetItem', // …their open counts, read fresh in one request
        'TransactWriteItems', // key, project, recommendation, nomination, counter, the event, idempotency record
      ].sort(),
    );
    const [transaction] = ddb.commandCalls(TransactWriteCommand);
    const items = transaction?.args[0].input.TransactItems ?? [];
    expect(items.some((item) => String(item.Put?.Item?.pk).startsWith('IDEMPOTENCY#'))).toBe(true);
    // Seven items: one event row, project.nominated naming the commissioner (no project.assigned row since
    // issue 13: notification emails the commissioner from the nomination).
    expect(items.map(itemName).sort()).toEqual(
      [
        'Put PROJECTKEY', // the project's key: its uniqueness
        'Put PROJECT PROJECT', // the project
        'Put PROJECT REC', // the recommendation
        'Put NOMINATION', // the nomination
        'Update COMMISSIONER', // the commissioner's open projects, an atomic ADD
        'Put PROJECT EVENT project.nominated', // the one event, as the project's history row
        'Put IDEMPOTENCY', // the answer a replay gets
      ].sort(),
    );
  });

  it('the next new project in the district: the open counts are read alongside the listing, one round trip fewer', async () => {
    // The process has listed the district once (the first nomination after a cold start reads it in sequence).
    await post('k-first');
    ddb.resetHistory();

    let answer: Awaited<ReturnType<typeof post>> | undefined;
    // The key record, the partner, the district's listing and the counts of the commissioners it last named
    // together; the transaction.
    expect(
      await roundTrips(async () => {
        answer = await post('k-second');
      }),
    ).toBe(2);

    expect(answer?.statusCode).toBe(202);
    expect(requests().sort()).toEqual(
      ['GetItem IDEMPOTENCY', 'GetItem PARTNER', 'Query gsi1', 'BatchGetItem', 'TransactWriteItems'].sort(),
    );
  });

  it('a project that exists: the creation is refused by its key, then the recommendation', async () => {
    ddb.on(TransactWriteCommand).callsFake(({ TransactItems }: { TransactItems: TransactItem[] }) => {
      const keyAt = TransactItems.findIndex((item) => item.Put?.Item?.pk === keys.projectKey(hash).pk);
      if (keyAt >= 0)
        throw cancelled(...TransactItems.map((_, i) => (i === keyAt ? 'ConditionalCheckFailed' : 'None')));
      return {};
    });
    ddb.on(GetCommand, { Key: keys.projectKey(hash) }).resolves({ Item: { projectId: 'prj_existing' } });
    ddb.on(GetCommand, { Key: keys.project('prj_existing') }).resolves({
      Item: storedProjectItem({
        id: 'prj_existing',
        status: 'nominated',
        recommendationCount: 1,
        version: 1,
      }),
    });

    let answer: Awaited<ReturnType<typeof post>> | undefined;
    // The three reads; the counts; the refused creation; the key; the row and the project together; the
    // recommendation; the committed count.
    expect(
      await roundTrips(async () => {
        answer = await post('k-existing');
      }),
    ).toBe(7);

    expect(answer?.statusCode).toBe(202);
    expect(requests().sort()).toEqual(
      [
        'GetItem IDEMPOTENCY',
        'GetItem PARTNER',
        'Query gsi1',
        'BatchGetItem',
        'TransactWriteItems', // the creation, refused by the project key's condition
        'GetItem PROJECTKEY', // which project it is
        'GetItem PROJECT', // the recommender's row (same partition)…
        'GetItem PROJECT', // …and the project, read together
        'TransactWriteItems', // the recommendation, with the idempotency record
        'GetItem PROJECT', // the committed count for the answer
      ].sort(),
    );
    // The answer a replay gets commits with the recommendation (the refused creation carried one too).
    const recommendation = ddb.commandCalls(TransactWriteCommand).at(-1)?.args[0].input.TransactItems ?? [];
    const record = recommendation.find((item) => String(item.Put?.Item?.pk).startsWith('IDEMPOTENCY#'));
    expect(JSON.parse(String(record?.Put?.Item?.response?.body))).toMatchObject({
      projectId: 'prj_existing',
      recommendations: 2,
    });
  });

  it('a replay: the stored answer, nothing written (the reads that ran alongside the lookup are wasted)', async () => {
    const first = await post('k-replay');
    const record = ddb
      .commandCalls(TransactWriteCommand)
      .flatMap((call) => call.args[0].input.TransactItems ?? [])
      .find((item) => String(item.Put?.Item?.pk).startsWith('IDEMPOTENCY#'))?.Put?.Item;
    // The table now holds the record the transaction committed.
    ddb.on(GetCommand, { Key: { pk: record?.pk, sk: record?.sk } }).resolves({ Item: record });
    ddb.resetHistory();

    const replay = await post('k-replay');

    expect(replay.statusCode).toBe(202);
    expect(JSON.parse(replay.body)).toEqual(JSON.parse(first.body));
    // The partner and the commissioners are read while the record is looked up (a round trip less for every
    // first request, a few reads more for the rare replay); none of them leads to a write.
    expect(requests().sort()).toEqual(
      ['GetItem IDEMPOTENCY', 'GetItem PARTNER', 'Query gsi1', 'BatchGetItem'].sort(),
    );
  });
});
