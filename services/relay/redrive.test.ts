import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { resetConfig } from '@wuhan/aws';
import { type DomainEvent, exampleMatchOffered, newEvent } from '@wuhan/domain';
import { topology } from '@wuhan/topology';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { redriveUndeliverable } from './redrive.js';

const sqs = mockClient(SQSClient);
const urls = {
  'platform-cvc-whu': 'http://sqs/platform-cvc-whu',
  'relay-undeliverable': 'http://sqs/relay-undeliverable',
};
const now = new Date('2026-11-30T08:00:00.000Z');
const earlier = '2026-11-29T08:00:00.000Z';

const offer = (platformId: string): DomainEvent =>
  newEvent({
    type: 'match.offered',
    actor: { role: 'system', id: 'matching' },
    subject: { kind: 'project', id: 'prj_1' },
    data: exampleMatchOffered(platformId, 'prj_1'),
    correlationId: 'corr-1',
  });
const parked = (event: DomainEvent | undefined, receipt: string, parkedAt = earlier) => ({
  MessageId: `m-${receipt}`,
  ReceiptHandle: receipt,
  Body: JSON.stringify({
    kind: 'relay.undeliverable',
    reason: 'route-target-unknown',
    detail: '…',
    eventId: event?.id ?? 'evt_gone',
    eventType: 'match.offered',
    correlationId: 'corr-1',
    subject: { kind: 'project', id: 'prj_1' },
    parkedAt,
    ...(event ? { event } : { eventOmitted: 'too-large' }),
  }),
});
const acceptAll = (input: SendMessageBatchCommandInput) => ({
  Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'x', MD5OfMessageBody: '' })),
});
const deletedReceipts = () =>
  sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle);

beforeEach(() => {
  sqs.reset();
  process.env.TABLE_NAME = 'main';
  process.env.QUEUE_URLS = JSON.stringify(urls);
  resetConfig();
});

describe('redriveUndeliverable', () => {
  it('delivers what the routing now reaches, deletes it, and leaves a message without its event', async () => {
    const routable = offer('cvc-whu');
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [parked(routable, 'r1'), parked(undefined, 'r2')] })
      .resolves({ Messages: [] });
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);

    const result = await redriveUndeliverable({ routing: topology.eventRouting, now: () => now });

    expect(result).toEqual({ redriven: [routable.id], parkedAgain: [], leftAlone: ['evt_gone'] });
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: urls['platform-cvc-whu'],
      Entries: [expect.objectContaining({ MessageBody: JSON.stringify(routable) })],
    });
    expect(deletedReceipts()).toEqual(['r1']);
  });

  it('parks a still-undeliverable event anew, deletes the old message, and does not take the new one again', async () => {
    const stray = offer('cvc-nowhere');
    const sent: SendMessageBatchCommandInput[] = [];
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      sent.push(input);
      return acceptAll(input);
    });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [parked(stray, 'old')] })
      // The message this run parked comes back: it is released and the run ends.
      .resolvesOnce({ Messages: [parked(stray, 'new', now.toISOString())] })
      .resolves({ Messages: [] });

    const result = await redriveUndeliverable({ routing: topology.eventRouting, now: () => now });

    expect(result).toEqual({ redriven: [], parkedAgain: [stray.id], leftAlone: [] });
    expect(sent.map((s) => s.QueueUrl)).toEqual([urls['relay-undeliverable']]);
    expect(deletedReceipts()).toEqual(['old']);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      ReceiptHandle: 'new',
      VisibilityTimeout: 0,
    });
  });

  it('keeps a message whose redelivery failed for a passing reason', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [parked(offer('cvc-whu'), 'r1')] })
      .resolves({ Messages: [] });
    sqs.on(SendMessageBatchCommand).rejects(new Error('ServiceUnavailable'));
    const result = await redriveUndeliverable({ routing: topology.eventRouting, now: () => now });
    expect(result.leftAlone).toHaveLength(1);
    expect(deletedReceipts()).toEqual([]);
  });
});
