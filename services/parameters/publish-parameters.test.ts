import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoParameterStore, keys, parameterVersionItem, resetConfig } from '@wuhan/aws';
import { ConflictError, defaultVersion, ValidFromInPastError } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishParameters } from './publish-parameters.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);

// 10:00 on 1 March 2026 in Shanghai.
const caller = {
  principal: { role: 'staff' as const, ownerId: 'stf_publisher', keyId: 'key_1' },
  correlationId: 'corr-params-1',
  now: new Date('2026-03-01T02:00:00Z'),
};
const input = {
  set: 'matching' as const,
  values: { offerResponseDays: 15 },
  reason: '平台反馈：10天不足以完成尽职调查',
};

function givenStoredVersions(...numbers: number[]) {
  const v1 = defaultVersion('matching', new Date('2026-01-01T00:00:00Z'));
  ddb.on(QueryCommand).resolves({
    Items: numbers.map((n) => parameterVersionItem({ ...v1, version: n, validFrom: `2025-0${n}-25` })),
  });
}

const transactionItems = () =>
  ddb.commandCalls(TransactWriteCommand).at(-1)?.args[0].input.TransactItems ?? [];

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('publishing parameters', () => {
  it('puts version n+1 only if no one holds that number, with its event, in one transaction', async () => {
    givenStoredVersions(1, 2);
    const published = await publishParameters(
      dynamoParameterStore,
      { ...input, validFrom: '2026-03-01' },
      caller,
    );

    expect(published).toMatchObject({ version: 3, validFrom: '2026-03-01', changedBy: 'stf_publisher' });
    const versionPut = transactionItems().find((t) => t.Put?.Item?.entity === 'parameters')?.Put;
    expect(versionPut?.Item).toMatchObject({
      ...keys.parameterVersion('matching', 3),
      values: { offerResponseDays: 15 },
      reason: input.reason,
    });
    expect(versionPut?.Item?.sk).toBe('V#000003');
    expect(versionPut?.ConditionExpression).toBe('attribute_not_exists(pk)');
    const outbox = transactionItems().find((t) => t.Put?.Item?.entity === 'history')?.Put?.Item;
    expect(outbox?.event).toMatchObject({
      type: 'parameters.published',
      subject: { kind: 'parameter_set', id: 'matching' },
      actor: { role: 'staff', id: 'stf_publisher' },
      data: { set: 'matching', version: 3, validFrom: '2026-03-01' },
    });
  });

  it('reads the versions strongly consistent, so the number follows the latest write', async () => {
    givenStoredVersions(1);
    await publishParameters(dynamoParameterStore, { ...input, validFrom: '2026-04-01' }, caller);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ConsistentRead: true,
      ExpressionAttributeValues: { ':pk': 'PARAMS#matching', ':prefix': 'V#' },
    });
  });

  it('refuses a version starting yesterday and writes nothing', async () => {
    givenStoredVersions(1);
    await expect(
      publishParameters(dynamoParameterStore, { ...input, validFrom: '2026-02-28' }, caller),
    ).rejects.toBeInstanceOf(ValidFromInPastError);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers a conflict when someone else took the number first', async () => {
    givenStoredVersions(1);
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    await expect(
      publishParameters(dynamoParameterStore, { ...input, validFrom: '2026-03-02' }, caller),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a stored version that no longer fits its schema instead of using it', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...parameterVersionItem(defaultVersion('matching', caller.now)),
          values: { offerResponseDays: 'ten' },
        },
      ],
    });
    await expect(
      publishParameters(dynamoParameterStore, { ...input, validFrom: '2026-03-02' }, caller),
    ).rejects.toThrow(/offerResponseDays/);
  });
});
