import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { hashApiKey } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { bootstrapStaff } from '../../../scripts/bootstrap-staff.js';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-east-1' }));
const input = {
  client,
  tableName: 'prod-table',
  name: '王敏',
  email: 'wang.min@example.cn',
  language: 'zh-CN' as const,
};

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});

describe('bootstrapStaff', () => {
  it('writes the staff member, the hashed key and both events to the named table in one transaction', async () => {
    const done = await bootstrapStaff(input);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.every((i) => i.Put?.TableName === 'prod-table')).toBe(true);
    const written = items.map((i) => i.Put?.Item ?? {});
    expect(written.find((i) => i.entity === 'profile')).toMatchObject({
      role: 'staff',
      name: '王敏',
      active: true,
    });
    expect(written.find((i) => i.entity === 'apikey')).toMatchObject({
      pk: `APIKEY#${hashApiKey(done.apiKey)}`,
      role: 'staff',
      ownerId: done.staff.id,
    });
    const types = written.flatMap((i) =>
      i.entity === 'history' ? [(i.event as { type: string }).type] : [],
    );
    expect(types).toEqual(['profile.created', 'apikey.issued']);
    expect(JSON.stringify(items)).not.toContain(done.apiKey);
  });

  it('makes the first key an administrator’s, expiring a year on: without it nobody could issue a staff key', async () => {
    const now = new Date('2026-03-01T00:00:00.000Z');
    const done = await bootstrapStaff({ ...input, now });
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const key = items.map((i) => i.Put?.Item ?? {}).find((i) => i.entity === 'apikey');
    expect(key).toMatchObject({ scopes: ['admin'], expiresAt: '2027-03-01T00:00:00.000Z' });
    expect(done.expiresAt).toBe('2027-03-01T00:00:00.000Z');
  });

  it('refuses when an active staff member exists, unless forced', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'STAFF#stf_1', sk: 'PROFILE' }] });
    await expect(bootstrapStaff(input)).rejects.toThrow(/already has an active staff member/);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    await bootstrapStaff({ ...input, force: true });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
