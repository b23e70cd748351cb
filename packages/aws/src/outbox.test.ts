import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { newEvent } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from './config.js';
import { buildTransaction, commit, TransactionRejected } from './outbox.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);

const event = newEvent({
  type: 'system.test',
  actor: { role: 'system', id: 'test' },
  subject: { kind: 'project', id: 'prj_1' },
  data: {},
  correlationId: 'c',
});

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('outbox', () => {
  it('puts the state change and the event’s one row (history and outbox at once) in one transaction', () => {
    const input = buildTransaction(
      'main',
      [{ Put: { TableName: 'main', Item: { pk: 'PROJECT#prj_1', sk: 'PROJECT' } } }],
      [event],
    );
    const items = input.TransactItems ?? [];
    expect(items).toHaveLength(2);
    // The subject's history row, which the relay's stream filter (entity = history, INSERT) picks up.
    expect(items[1]?.Put?.Item).toEqual({
      pk: 'PROJECT#prj_1',
      sk: `EVENT#${event.id}`,
      entity: 'history',
      event,
    });
    expect(items[1]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items.some((i) => String(i.Put?.Item?.pk).startsWith('OUTBOX#'))).toBe(false);
  });

  it('stores and publishes every event of a commit, each once', () => {
    const second = { ...event, id: 'evt_2', subject: { kind: 'subsidy_claim', id: 'sbc_1' } };
    const items = buildTransaction('main', [], [event, second]).TransactItems ?? [];
    expect(items.map((i) => [i.Put?.Item?.pk, i.Put?.Item?.sk])).toEqual([
      ['PROJECT#prj_1', `EVENT#${event.id}`],
      ['SUBSIDY_CLAIM#sbc_1', 'EVENT#evt_2'],
    ]);
  });

  it('refuses a transaction over the 100-item limit before sending it', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      Put: { TableName: 'main', Item: { pk: `${i}`, sk: 'x' } },
    }));
    expect(() => buildTransaction('main', many, [event])).toThrow(/at most 100/);
  });

  it('turns failed conditions into TransactionRejected naming the items', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    const error = await commit([{ Put: { TableName: 'main', Item: { pk: 'a', sk: 'b' } } }], [event]).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TransactionRejected);
    expect(error.failedConditions).toEqual([0]);
    expect(error.onlyConditions).toBe(true);
  });

  it('marks a conflict with another transaction as not a domain outcome (retryable)', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }],
      }),
    );
    const error = await commit([{ Put: { TableName: 'main', Item: { pk: 'a', sk: 'b' } } }]).catch((e) => e);
    expect(error.onlyConditions).toBe(false);
  });
});
