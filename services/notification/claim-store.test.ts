import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { resetConfig } from '@wuhan/aws';
import { newEvent } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { claimRequest, dynamoClaimStore, LEASE_MS } from './claim-store.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const store = dynamoClaimStore(client, 'main');
const key = { eventId: 'evt_1', recipient: 'staff#stf-li' };
const now = new Date('2025-03-18T06:30:00Z');

function refusedBecauseOf(item: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    Item: marshall(item),
  });
}

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('DynamoDB mail claims', () => {
  it('claims under a condition that admits no claim, a released one or an expired lease, and nothing else', () => {
    const input = claimRequest('main', key, 'project.nominated', 'tok', now).input;
    expect(input.Key).toEqual({ pk: 'MAIL#evt_1', sk: 'TO#staff#stf-li' });
    expect(input.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR #state = :released OR (#state = :sending AND leaseUntil < :now)',
    );
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':sending': 'sending',
      ':token': 'tok',
      ':now': now.getTime(),
      ':leaseUntil': now.getTime() + LEASE_MS,
    });
    // The TTL is set once, on the first claim; retries never push it further out.
    expect(input.UpdateExpression).toContain('expiresAt = if_not_exists(expiresAt, :expiresAt)');
    expect(input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('returns claimed with a fresh token when the write succeeds', async () => {
    ddb.on(UpdateCommand).resolves({});
    const outcome = await store.claim(key, 'project.nominated', now);
    expect(outcome).toMatchObject({ kind: 'claimed', token: expect.any(String) });
  });

  it('returns busy for a live lease, and done for a sent, rejected or skipped claim', async () => {
    const cases = [
      [{ state: 'sending', leaseUntil: now.getTime() + 10_000 }, { kind: 'busy' }],
      [{ state: 'sent' }, { kind: 'done', state: 'sent' }],
      [{ state: 'rejected' }, { kind: 'done', state: 'rejected' }],
      [{ state: 'skipped' }, { kind: 'done', state: 'skipped' }],
      // Put in a digest, then the staff member switched to immediate: a redelivery must not spin to the DLQ.
      [{ state: 'digested' }, { kind: 'done', state: 'digested' }],
    ] as const;
    for (const [item, expected] of cases) {
      ddb.reset();
      ddb.on(UpdateCommand).rejects(refusedBecauseOf({ pk: 'MAIL#evt_1', sk: 'TO#staff#stf-li', ...item }));
      expect(await store.claim(key, 'project.nominated', now)).toEqual(expected);
    }
  });

  it('reads the claim when the refusal does not carry the item', async () => {
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { state: 'sent' } });
    expect(await store.claim(key, 'project.nominated', now)).toEqual({ kind: 'done', state: 'sent' });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
  });

  it('rethrows anything but a failed condition (throttling is retried by SQS)', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(store.claim(key, 'project.nominated', now)).rejects.toThrow('slow down');
  });

  it('marks sent only while holding the claim, and tolerates having lost it', async () => {
    ddb.on(UpdateCommand).rejects(refusedBecauseOf({ state: 'sending', token: 'other' }));
    await expect(store.markSent(key, 'tok', 'msg-1', now)).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: '#token = :token',
      ExpressionAttributeValues: expect.objectContaining({
        ':token': 'tok',
        ':sent': 'sent',
        ':messageId': 'msg-1',
      }),
    });
  });

  it('records a permanent refusal and its notification.failed event in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const failed = newEvent({
      type: 'notification.failed',
      actor: { role: 'system', id: 'notification' },
      subject: { kind: 'project', id: 'prj_1' },
      data: {
        failedEventId: 'evt_1',
        failedEventType: 'project.nominated',
        recipientRole: 'staff',
        recipientId: 'stf-li',
        reason: 'MessageRejected',
      },
      correlationId: 'cor',
    });
    await store.markRejected(key, 'tok', 'MessageRejected', [failed], now);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'MAIL#evt_1', sk: 'TO#staff#stf-li' },
      ConditionExpression: '#token = :token',
    });
    expect(items.some((i) => i.Put?.Item?.entity === 'outbox' && i.Put.Item.event === failed)).toBe(true);
  });
});
