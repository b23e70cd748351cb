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
import { claimRequest, dynamoClaimStore, LEASE_MS, settleRequest } from './claim-store.js';

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

const staff = 'staff#stf-li';
const partner = 'partner#ptn-hust';
/** The recipient whose claim an expression attribute name (`#r0`…) stands for. */
const recipientOf = (names: Record<string, string> | undefined, placeholder: string) =>
  names?.[placeholder]?.slice('to:'.length);

describe('DynamoDB mail claims', () => {
  it("claims all of an event's recipients in one write, each under a condition that admits no claim, a released one or an expired lease", () => {
    const tokens = new Map([
      [staff, 'tok-1'],
      [partner, 'tok-2'],
    ]);
    const input = claimRequest('main', 'evt_1', 'project.nominated', tokens, now).input;
    expect(input.Key).toEqual({ pk: 'MAIL#evt_1', sk: 'CLAIMS' });
    expect(recipientOf(input.ExpressionAttributeNames, '#r0')).toBe(staff);
    expect(recipientOf(input.ExpressionAttributeNames, '#r1')).toBe(partner);
    expect(input.ConditionExpression).toBe(
      [0, 1]
        .map(
          (i) =>
            `(attribute_not_exists(#r${i}) OR #r${i}.#state = :released OR (#r${i}.#state = :sending AND #r${i}.#lease < :now))`,
        )
        .join(' AND '),
    );
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':c0': { state: 'sending', token: 'tok-1', leaseUntil: now.getTime() + LEASE_MS },
      ':c1': { state: 'sending', token: 'tok-2', leaseUntil: now.getTime() + LEASE_MS },
      ':now': now.getTime(),
    });
    // The TTL is set once, on the first claim; retries never push it further out.
    expect(input.UpdateExpression).toContain('expiresAt = if_not_exists(expiresAt, :expiresAt)');
    expect(input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('settles sent and released claims in one write, each only under its own token', () => {
    const input = settleRequest(
      'main',
      'evt_1',
      [
        { recipient: staff, token: 'tok-1', outcome: 'sent', messageId: 'msg-1' },
        { recipient: partner, token: 'tok-2', outcome: 'released', error: 'TooManyRequestsException' },
      ],
      now,
    ).input;
    expect(input.Key).toEqual({ pk: 'MAIL#evt_1', sk: 'CLAIMS' });
    expect(input.ConditionExpression).toBe('#r0.#token = :t0 AND #r1.#token = :t1');
    expect(input.UpdateExpression).toBe(
      'SET #r0.#state = :sent, #r0.messageId = :m0, #r0.sentAt = :at, #r1.#state = :released, #r1.lastError = :e1 ' +
        'REMOVE #r0.#lease, #r1.#lease',
    );
    expect(input.ExpressionAttributeValues).toMatchObject({ ':t0': 'tok-1', ':t1': 'tok-2', ':m0': 'msg-1' });
  });

  it('passes only the values its expressions use (DynamoDB refuses unused ones)', () => {
    const sentOnly = settleRequest(
      'main',
      'evt_1',
      [{ recipient: staff, token: 't', outcome: 'sent', messageId: 'm' }],
      now,
    ).input;
    const releasedOnly = settleRequest(
      'main',
      'evt_1',
      [{ recipient: staff, token: 't', outcome: 'released', error: 'TimeoutError' }],
      now,
    ).input;
    for (const input of [
      sentOnly,
      releasedOnly,
      claimRequest('main', 'evt_1', 'x', new Map([[staff, 't']]), now).input,
    ]) {
      const expressions = `${input.UpdateExpression} ${input.ConditionExpression}`;
      for (const placeholder of Object.keys(input.ExpressionAttributeValues ?? {}))
        expect(expressions, placeholder).toMatch(new RegExp(`${placeholder}\\b`));
      for (const placeholder of Object.keys(input.ExpressionAttributeNames ?? {}))
        expect(expressions, placeholder).toContain(placeholder);
    }
  });

  it('returns claimed with a fresh token for every recipient when the one write succeeds', async () => {
    ddb.on(UpdateCommand).resolves({});
    const outcomes = await store.claim('evt_1', 'project.nominated', [staff, partner], now);
    expect(outcomes.get(staff)).toMatchObject({ kind: 'claimed', token: expect.any(String) });
    expect(outcomes.get(partner)).toMatchObject({ kind: 'claimed', token: expect.any(String) });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });

  it('returns busy for a live lease, and done for a sent, rejected, skipped or digested claim', async () => {
    const cases = [
      [{ state: 'sending', token: 'x', leaseUntil: now.getTime() + 10_000 }, { kind: 'busy' }],
      [{ state: 'sent' }, { kind: 'done', state: 'sent' }],
      [{ state: 'rejected' }, { kind: 'done', state: 'rejected' }],
      [{ state: 'skipped' }, { kind: 'done', state: 'skipped' }],
      // Put in a digest, then the staff member switched to immediate: a redelivery must not spin to the DLQ.
      [{ state: 'digested' }, { kind: 'done', state: 'digested' }],
    ] as const;
    for (const [claim, expected] of cases) {
      ddb.reset();
      ddb
        .on(UpdateCommand)
        .rejects(refusedBecauseOf({ pk: 'MAIL#evt_1', sk: 'CLAIMS', [`to:${staff}`]: claim }));
      expect((await store.claim('evt_1', 'project.nominated', [staff], now)).get(staff)).toEqual(expected);
    }
  });

  it('claims the free recipients again when others are held or done, still one write for them', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(
        refusedBecauseOf({
          pk: 'MAIL#evt_1',
          sk: 'CLAIMS',
          [`to:${staff}`]: { state: 'sent', token: 'old' },
          // A lease that ran out: the holder died between claim and send; taken again, the email goes out.
          [`to:${partner}`]: { state: 'sending', token: 'dead', leaseUntil: now.getTime() - 1 },
        }),
      )
      .resolves({});
    const outcomes = await store.claim(
      'evt_1',
      'project.nominated',
      [staff, partner, 'commissioner#c1'],
      now,
    );
    expect(outcomes.get(staff)).toEqual({ kind: 'done', state: 'sent' });
    expect(outcomes.get(partner)).toMatchObject({ kind: 'claimed' });
    expect(outcomes.get('commissioner#c1')).toMatchObject({ kind: 'claimed' });
    const second = ddb.commandCalls(UpdateCommand)[1]?.args[0].input;
    expect(Object.values(second?.ExpressionAttributeNames ?? {}).filter((n) => n.startsWith('to:'))).toEqual([
      `to:${partner}`,
      'to:commissioner#c1',
    ]);
  });

  it('reads the claims when the refusal does not carry the item', async () => {
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { [`to:${staff}`]: { state: 'sent' } } });
    const outcomes = await store.claim('evt_1', 'project.nominated', [staff], now);
    expect(outcomes.get(staff)).toEqual({ kind: 'done', state: 'sent' });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
  });

  it('gives up as busy, never sends, when the claim keeps losing races', async () => {
    // Every refusal shows the recipient free: someone changes the item between our condition and our read.
    ddb.on(UpdateCommand).rejects(refusedBecauseOf({ pk: 'MAIL#evt_1', sk: 'CLAIMS' }));
    const outcomes = await store.claim('evt_1', 'project.nominated', [staff], now);
    expect(outcomes.get(staff)).toEqual({ kind: 'busy' });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 3);
  });

  it('rethrows anything but a failed condition (throttling is retried by SQS)', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(store.claim('evt_1', 'project.nominated', [staff], now)).rejects.toThrow('slow down');
  });

  it('settles one by one when a claim was retaken, tolerating the one it lost', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(refusedBecauseOf({ [`to:${staff}`]: { state: 'sending', token: 'other' } }))
      .rejectsOnce(refusedBecauseOf({ [`to:${staff}`]: { state: 'sending', token: 'other' } }))
      .resolves({});
    await expect(
      store.settle(
        'evt_1',
        [
          { recipient: staff, token: 'tok-1', outcome: 'sent', messageId: 'msg-1' },
          { recipient: partner, token: 'tok-2', outcome: 'sent', messageId: 'msg-2' },
        ],
        now,
      ),
    ).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 3);
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
      Key: { pk: 'MAIL#evt_1', sk: 'CLAIMS' },
      ConditionExpression: '#r.#token = :token',
      ExpressionAttributeNames: expect.objectContaining({ '#r': 'to:staff#stf-li' }),
    });
    expect(items.some((i) => i.Put?.Item?.entity === 'history' && i.Put.Item.event === failed)).toBe(true);
  });
});
