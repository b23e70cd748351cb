import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { resetConfig } from '@wuhan/aws';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { readProgress } from './read-progress.js';
import { contributionsTo, recordContribution } from './store.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

const landed = {
  target: 'enterprisesLanded' as const,
  countedId: '91440300708461136T',
  projectId: 'prj_1',
  year: 2026,
  at: '2026-05-20T02:00:00.000Z',
};

describe('counting towards the targets', () => {
  it('counts a thing with a put only its first arrival makes', async () => {
    ddb.on(PutCommand).resolves({});
    await expect(recordContribution(landed)).resolves.toBe('counted');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: 'TARGET#enterprisesLanded', sk: '91440300708461136T' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('takes a second arrival (a redelivery, the same enterprise recorded again) as already counted', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    await expect(recordContribution(landed)).resolves.toBe('already');
  });

  it('reports each target with its goal, what counts, by year and by project', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'TARGET#enterprisesLanded' } }).resolves({
      Items: [
        { pk: 'TARGET#enterprisesLanded', sk: 'a', ...landed, countedId: 'a' },
        { pk: 'TARGET#enterprisesLanded', sk: 'b', ...landed, countedId: 'b', year: 2027 },
      ],
    });
    const { targets } = await readProgress(contributionsTo);
    expect(targets.find((t) => t.target === 'enterprisesLanded')).toEqual({
      target: 'enterprisesLanded',
      label: '孵化落地创新企业',
      clause: '§一',
      goal: 50,
      achieved: 2,
      byYear: { '2026': 1, '2027': 1 },
      projectIds: ['prj_1'],
    });
    expect(targets.find((t) => t.target === 'cultivated')).toMatchObject({ goal: 200, achieved: 0 });
  });
});
