import { SendMessageBatchCommand, type SendMessageBatchCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { resetConfig } from '@wuhan/aws';
import type { EventEnvelope, EventType } from '@wuhan/domain';
import { envelope } from '@wuhan/testing';
import { topology } from '@wuhan/topology';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, messageBytes } from './batches.js';
import { handler } from './handler.js';
import { relay } from './relay.js';
import type { UndeliverableMessage } from './undeliverable.js';

const sqs = mockClient(SQSClient);

const urls = {
  notification: 'http://sqs/notification',
  'platform-cvc-whu': 'http://sqs/platform-cvc-whu',
  'platform-pilot-semiconductor': 'http://sqs/platform-pilot-semiconductor',
  'relay-undeliverable': 'http://sqs/relay-undeliverable',
};

/** The relay forwards envelopes and never reads a type's data, so any data will do here. */
const event = (
  type: EventType | string = 'project.nominated',
  data: Record<string, unknown> = { title: '量子传感' },
): EventEnvelope => envelope(type, data, { actor: { role: 'partner', id: 'ptn-1' } });
const offer = (platformId: string, data: Record<string, unknown> = {}) =>
  event('match.offered', { platformId, projectId: 'prj_1', ...data });

function record(
  e: EventEnvelope,
  sequence: string,
  entity = 'history',
  eventName: 'INSERT' | 'REMOVE' = 'INSERT',
) {
  return {
    eventName,
    dynamodb: {
      SequenceNumber: sequence,
      NewImage: marshall(
        { pk: `${e.subject.kind.toUpperCase()}#${e.subject.id}`, sk: `EVENT#${e.id}`, entity, event: e },
        { removeUndefinedValues: true },
      ),
    },
  } as unknown as DynamoDBRecord;
}
const stream = (...records: DynamoDBRecord[]) => ({ Records: records }) as DynamoDBStreamEvent;

/** Every SendMessageBatch input sent to one queue URL. */
function sentTo(url: string): SendMessageBatchCommandInput[] {
  return sqs
    .commandCalls(SendMessageBatchCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.QueueUrl === url);
}
const bodiesSentTo = (url: string) =>
  sentTo(url).flatMap((input) => (input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? 'null')));
const parked = () => bodiesSentTo(urls['relay-undeliverable']) as UndeliverableMessage[];

/** Accepts every entry. */
const acceptAll = (input: SendMessageBatchCommandInput) => ({
  Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: '' })),
  Failed: [],
});

beforeEach(() => {
  sqs.reset();
  process.env.TABLE_NAME = 'main';
  process.env.QUEUE_URLS = JSON.stringify(urls);
  resetConfig();
});

describe('relay handler', () => {
  it('sends each outbox event to its queues with its type and correlation id', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    const e = event();
    const result = await handler(stream(record(e, '100')));
    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: urls.notification,
      Entries: [
        expect.objectContaining({
          MessageBody: JSON.stringify(e),
          MessageAttributes: {
            eventType: { DataType: 'String', StringValue: 'project.nominated' },
            correlationId: { DataType: 'String', StringValue: 'corr-1' },
          },
        }),
      ],
    });
  });

  // Issue 12, defect 2: the local emulator refused astral characters that real SQS accepts.
  it('sends astral characters and noncharacters as \\u escapes every queue accepts, parked events too', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    const delivered = event('project.nominated', { title: '𠀀 柔性显示 🚀' });
    const unroutable = offer('cvc-nowhere', { note: '𠀀\uFFFF' });
    const result = await handler(stream(record(delivered, '1'), record(unroutable, '2')));
    expect(result.batchItemFailures).toEqual([]);
    const rawBodies = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((call) => (call.args[0].input.Entries ?? []).map((e) => e.MessageBody ?? ''));
    expect(rawBodies).toHaveLength(2);
    for (const body of rawBodies) expect(body).toMatch(/^[\t\n\r\u0020-\uD7FF\uE000-\uFDCF\uFDF0-\uFFFD]*$/);
    expect(bodiesSentTo(urls.notification)).toEqual([delivered]);
    expect(parked()).toEqual([expect.objectContaining({ event: unroutable })]);
  });

  it('ignores rows that are not events and removals of event rows', async () => {
    const e = event();
    await handler(stream(record(e, '1', 'project'), record(e, '2', 'history', 'REMOVE')));
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('sends match.offered to the named platform’s queue only', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    const e = offer('cvc-whu');
    expect((await handler(stream(record(e, '1')))).batchItemFailures).toEqual([]);
    const urlsUsed = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.QueueUrl);
    expect(urlsUsed).toEqual([urls['platform-cvc-whu']]);
    expect(bodiesSentTo(urls['platform-cvc-whu'])).toEqual([e]);
  });

  it('parks match.offered for an unknown platform on relay-undeliverable with the reason, sends it nowhere else', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    const e = offer('cvc-nowhere');
    expect((await handler(stream(record(e, '1')))).batchItemFailures).toEqual([]);
    const urlsUsed = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.QueueUrl);
    expect(urlsUsed).toEqual([urls['relay-undeliverable']]);
    expect(parked()).toEqual([
      expect.objectContaining({
        kind: 'relay.undeliverable',
        reason: 'route-target-unknown',
        eventId: e.id,
        eventType: 'match.offered',
        event: e,
      }),
    ]);
    expect(sentTo(urls['relay-undeliverable'])[0]?.Entries?.[0]?.MessageAttributes?.reason).toEqual({
      DataType: 'String',
      StringValue: 'route-target-unknown',
    });
  });

  it('retries the records whose entries SQS failed for a passing reason, and only those', async () => {
    const first = event();
    const second = event();
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: '' }],
      Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
    });
    const result = await handler(stream(record(first, '1'), record(second, '2')));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(parked()).toEqual([]);
  });

  it('retries every record of a batch whose request failed (network, throttling, 5xx)', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('network down'));
    const result = await handler(stream(record(event(), '7'), record(event(), '8')));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['7', '8']);
  });
});

describe('relay: partial failures, retried vs parked', () => {
  it('retries throttled entries, parks those SQS refuses for good, and passes the rest', async () => {
    const ok = offer('cvc-whu');
    const throttled = offer('cvc-whu');
    const invalid = offer('cvc-whu');
    const senderFault = offer('cvc-whu');
    sqs
      .on(SendMessageBatchCommand, { QueueUrl: urls['platform-cvc-whu'] })
      .resolves({
        Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: '' }],
        Failed: [
          { Id: '1', Code: 'RequestThrottled', SenderFault: true },
          { Id: '2', Code: 'InvalidMessageContents', SenderFault: true },
          { Id: '3', Code: 'InvalidParameterValue', SenderFault: true },
        ],
      })
      .on(SendMessageBatchCommand, { QueueUrl: urls['relay-undeliverable'] })
      .callsFake(acceptAll);

    const failed = await relay(
      [ok, throttled, invalid, senderFault].map((e, i) => ({ recordId: String(i), event: e })),
      topology.eventRouting,
    );

    expect([...failed]).toEqual(['1']);
    expect(parked().map((p) => [p.eventId, p.reason, p.queue])).toEqual([
      [invalid.id, 'rejected', 'platform-cvc-whu'],
      [senderFault.id, 'rejected', 'platform-cvc-whu'],
    ]);
    // SQS objected to the contents: the parked message refers to the event instead of carrying it again.
    const [invalidParked, senderFaultParked] = parked();
    expect(invalidParked?.event).toBeUndefined();
    expect(invalidParked?.eventOmitted).toBe('invalid-contents');
    expect(invalidParked?.detail).toContain('InvalidMessageContents');
    expect(senderFaultParked?.event).toEqual(senderFault);
  });

  it('retries a record whose parking failed, so nothing is dropped', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('ServiceUnavailable'));
    const failed = await relay([{ recordId: '9', event: offer('cvc-nowhere') }], topology.eventRouting);
    expect([...failed]).toEqual(['9']);
  });

  it('retries a record whose parking SQS refused', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }],
    });
    const failed = await relay([{ recordId: '9', event: offer('cvc-nowhere') }], topology.eventRouting);
    expect([...failed]).toEqual(['9']);
  });

  it('parks a reference to the event when SQS refuses the event’s own text on relay-undeliverable too', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }] })
      .callsFake(acceptAll);
    const e = offer('cvc-nowhere', { note: '\uFFFF' });
    const failed = await relay([{ recordId: '9', event: e }], topology.eventRouting);
    expect([...failed]).toEqual([]);
    const [firstTry, secondTry] = parked();
    expect(firstTry?.event).toEqual(e);
    expect(secondTry).toEqual(
      expect.objectContaining({
        eventId: e.id,
        reason: 'route-target-unknown',
        eventOmitted: 'invalid-contents',
      }),
    );
    expect(secondTry?.event).toBeUndefined();
  });

  it('parks a message too large for SQS without its data, and still delivers the others', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    // 90,000 Chinese characters: 270,000 bytes in UTF-8, though the string is only 90,000 long.
    const huge = offer('cvc-whu', { note: '颠'.repeat(90_000) });
    expect(JSON.stringify(huge).length).toBeLessThan(MAX_BATCH_BYTES);
    const small = offer('cvc-whu');
    const failed = await relay(
      [
        { recordId: '1', event: huge },
        { recordId: '2', event: small },
      ],
      topology.eventRouting,
    );
    expect([...failed]).toEqual([]);
    expect(bodiesSentTo(urls['platform-cvc-whu'])).toEqual([small]);
    expect(parked()).toEqual([
      expect.objectContaining({
        eventId: huge.id,
        reason: 'too-large',
        queue: 'platform-cvc-whu',
        eventOmitted: 'too-large',
      }),
    ]);
    expect(parked()[0]?.event).toBeUndefined();
  });

  it('splits a queue’s messages into batches by bytes as well as by count', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    // Each about 100 KB in UTF-8: two fit in a 256 KiB batch, three do not.
    const events = Array.from({ length: 5 }, () =>
      offer('pilot-semiconductor', { note: '芯'.repeat(33_000) }),
    );
    const failed = await relay(
      events.map((e, i) => ({ recordId: String(i), event: e })),
      topology.eventRouting,
    );
    expect([...failed]).toEqual([]);
    const batches = sentTo(urls['platform-pilot-semiconductor']).map((input) => input.Entries?.length);
    expect(batches).toEqual([2, 2, 1]);
    for (const input of sentTo(urls['platform-pilot-semiconductor'])) {
      const bytes = (input.Entries ?? []).reduce(
        (sum, e) => sum + messageBytes(e.MessageBody ?? '', e.MessageAttributes),
        0,
      );
      expect(bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
  });

  it('parks an event whose type has no route', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    const stray = { ...event(), type: 'nothing.routes.this' };
    expect([...(await relay([{ recordId: '1', event: stray }], topology.eventRouting))]).toEqual([]);
    expect(parked().map((p) => p.reason)).toEqual(['no-route']);
  });
});

describe('the topology’s routing', () => {
  it('routes every event type to queues that exist in the topology', async () => {
    const { routingTargets } = await import('@wuhan/topology');
    const queues = new Set(topology.queues.map((q) => q.name));
    for (const q of routingTargets(topology.eventRouting)) expect(queues).toContain(q);
  });
});
