import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { defaultVersion, NotFoundError } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from './config.js';
import { parametersInForce, parameterVersionItem, seedParameterDefaults } from './parameter-store.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const v1 = defaultVersion('evaluation', new Date('2025-01-25T00:00:00Z'));
const v2 = {
  ...v1,
  version: 2,
  validFrom: '2026-03-01',
  values: { ...v1.values, overallMeanThreshold: 3.0 },
  changedBy: 'stf_1',
  reason: '放宽总体门槛',
};

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('parameters in force', () => {
  beforeEach(() => {
    ddb.on(QueryCommand).resolves({ Items: [parameterVersionItem(v2), parameterVersionItem(v1)] });
  });

  it('are the new version on the day it starts and the old one the day before', async () => {
    expect((await parametersInForce('evaluation', '2026-03-01', client)).values.overallMeanThreshold).toBe(
      3.0,
    );
    expect((await parametersInForce('evaluation', '2026-02-28', client)).values.overallMeanThreshold).toBe(
      3.5,
    );
  });

  it('are missing, as NotFoundError, before version 1', async () => {
    await expect(parametersInForce('evaluation', '2025-01-24', client)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('seeding the defaults', () => {
  it('puts version 1 of each set only where none exists, and keeps what is there', async () => {
    ddb
      .on(PutCommand)
      .resolves({})
      .on(PutCommand, { Item: { pk: 'PARAMS#matching' } })
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    const { written } = await seedParameterDefaults({ client, tableName: 'main' });

    expect(written.sort()).toEqual(['evaluation', 'subsidy']);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 3);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: 'PARAMS#subsidy', sk: 'V#000001', validFrom: '2025-01-25' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});
