import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfig } from './config.js';
import { commitOnce, INBOX_TTL_SECONDS, InboxBusyError, inboxPut, once } from './inbox.js';
import { keys } from './keys.js';
import { type TransactItem, TransactionRejected } from './outbox.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2025-03-18T06:30:00Z');
const receipt = { consumer: 'matching', eventId: 'evt_1', now };

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

/** The consumer's own write, with a condition of its own (say, a capacity counter). */
const ownWrite: TransactItem = {
  Update: {
    TableName: 'main',
    Key: { pk: 'PLATFORM#p1', sk: 'PROFILE' },
    UpdateExpression: 'ADD activeProjects :one',
    ConditionExpression: 'activeProjects < capacity',
    ExpressionAttributeValues: { ':one': 1 },
  },
};

/** Its partition key: how the tests name an item of a transaction, whatever its position. */
function pkOf(item: TransactItem): unknown {
  return item.Put?.Item?.pk ?? item.Update?.Key?.pk;
}

/** DynamoDB answers a cancelled transaction by position; the test names the failing items by key. */
function rejectWith(codesByKey: Record<string, string>) {
  ddb.on(TransactWriteCommand).callsFake((input: { TransactItems?: TransactItem[] }) => {
    throw new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: (input.TransactItems ?? []).map((item) => ({
        Code: codesByKey[String(pkOf(item))] ?? 'None',
      })),
    });
  });
}

const inboxPk = keys.inbox('matching', 'evt_1').pk;

describe('inboxPut', () => {
  it('puts (consumer, event) once, with a TTL longer than any SQS retention', () => {
    expect(inboxPut('main', 'matching', 'evt_1', now).Put).toMatchObject({
      Item: {
        ...keys.inbox('matching', 'evt_1'),
        state: 'processed',
        expiresAt: now.getTime() / 1000 + INBOX_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(INBOX_TTL_SECONDS).toBeGreaterThan(14 * 24 * 3600);
  });
});

describe('commitOnce', () => {
  it("writes the consumer's items and the inbox item in one transaction", async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await commitOnce(receipt, [ownWrite])).toBe('committed');
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toContainEqual(ownWrite);
    expect(items.find((i) => pkOf(i) === inboxPk)?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers duplicate when the inbox condition failed: the second delivery does nothing', async () => {
    rejectWith({ [inboxPk]: 'ConditionalCheckFailed' });
    expect(await commitOnce(receipt, [ownWrite])).toBe('duplicate');
  });

  it("rethrows the consumer's own failed condition, by the index the consumer knows", async () => {
    rejectWith({ 'PLATFORM#p1': 'ConditionalCheckFailed' });
    const error = await commitOnce(receipt, [ownWrite]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRejected);
    expect((error as TransactionRejected).failedConditions).toEqual([0]);
  });
});

describe('once', () => {
  it('claims, runs the effect, and marks the event processed', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const effect = vi.fn(async () => {});
    expect(await once(receipt, effect)).toBe('done');
    expect(effect).toHaveBeenCalledOnce();
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: inboxPk, state: 'processing' }),
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :processing AND leaseUntil < :now)',
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':processed': 'processed' }),
    });
  });

  it('does not run the effect for an event already processed', async () => {
    ddb.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'failed',
        $metadata: {},
        Item: { state: { S: 'processed' } },
      }),
    );
    const effect = vi.fn(async () => {});
    expect(await once(receipt, effect)).toBe('duplicate');
    expect(effect).not.toHaveBeenCalled();
  });

  it('is busy (retried later) while another process holds a live claim', async () => {
    ddb.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'failed',
        $metadata: {},
        Item: { state: { S: 'processing' } },
      }),
    );
    await expect(once(receipt, async () => {})).rejects.toBeInstanceOf(InboxBusyError);
  });

  it('gives the claim back when the effect fails, and rethrows', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    await expect(
      once(receipt, async () => {
        throw new Error('platform API down');
      }),
    ).rejects.toThrow('platform API down');
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, { Key: keys.inbox('matching', 'evt_1') });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });
});
