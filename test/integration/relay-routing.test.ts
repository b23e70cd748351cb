import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { readPlatformQueue, receiveAll, useStackEnvironment, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';

/**
 * Issue 8, point 4, through the local stack: an outbox event written with `commit()` from this process goes
 * through the table stream and the stack's relay to the queue its `platformId` names, and nowhere else. Platform
 * queues and relay-undeliverable have no consumer in the stack, so the test reads them; it only peeks (no
 * delete) and finds its own messages by event id, so other files reading the same queues are not disturbed.
 */
const info = inject('stack');

/** This event's messages on a platform's queue (read through readPlatformQueue: each validated as published). */
async function onPlatform(platformId: string, eventId: string): Promise<Message[]> {
  const read = await readPlatformQueue(info, platformId);
  return read.filter((m) => m.body.id === eventId).map((m) => m.message);
}
const undeliverableQueue = () => {
  const url = info.queues['relay-undeliverable'];
  if (!url) throw new Error('the stack has no relay-undeliverable queue');
  return url;
};

/** The messages on a queue that carry this event (a delivered event, or a parked wrapper naming it). */
async function messagesAbout(queueUrl: string, eventId: string): Promise<Message[]> {
  const messages = await receiveAll(info, queueUrl, { delete: false });
  return messages.filter((m) => {
    const body = JSON.parse(m.Body ?? '{}') as { id?: string; eventId?: string };
    return body.id === eventId || body.eventId === eventId;
  });
}

async function commitOffer(platformId: string) {
  await useStackEnvironment(info);
  const { commit } = await import('@wuhan/aws');
  const { exampleMatchOffered, newEvent } = await import('@wuhan/domain');
  const event = newEvent({
    type: 'match.offered',
    actor: { role: 'system', id: 'relay-routing-test' },
    subject: { kind: 'project', id: `prj_test_${randomUUID()}` },
    data: exampleMatchOffered(platformId, 'prj_test'),
    correlationId: `relay-routing-${randomUUID()}`,
  });
  await commit([], [event]);
  return event;
}

describe('relay routing by platformId', () => {
  it('delivers match.offered to the named platform’s queue, and to no other queue', async () => {
    const event = await commitOffer('cvc-whu');

    const received = await waitFor(
      async () => {
        const mine = await onPlatform('cvc-whu', event.id);
        return mine.length > 0 ? mine : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, description: 'the offer on platform-cvc-whu' },
    );
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]?.Body ?? '{}')).toEqual(event);
    expect(received[0]?.MessageAttributes?.eventType?.StringValue).toBe('match.offered');

    // The relay had resolved the event's one route and sent it before the message above could be read.
    const elsewhere = Object.keys(info.platformQueues).filter((id) => id !== 'cvc-whu');
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const id of elsewhere) expect(await onPlatform(id, event.id), id).toEqual([]);
    expect(await messagesAbout(undeliverableQueue(), event.id)).toEqual([]);
  }, 60_000);

  it('parks match.offered for an unknown platform on relay-undeliverable, with the reason, and on no platform queue', async () => {
    const event = await commitOffer('cvc-nowhere');

    const parked = await waitFor(
      async () => {
        const mine = await messagesAbout(undeliverableQueue(), event.id);
        return mine.length > 0 ? mine : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, description: 'the offer on relay-undeliverable' },
    );
    expect(parked).toHaveLength(1);
    expect(JSON.parse(parked[0]?.Body ?? '{}')).toMatchObject({
      kind: 'relay.undeliverable',
      reason: 'route-target-unknown',
      eventId: event.id,
      eventType: 'match.offered',
      event,
    });
    expect(parked[0]?.MessageAttributes?.reason?.StringValue).toBe('route-target-unknown');
    for (const id of Object.keys(info.platformQueues)) expect(await onPlatform(id, event.id), id).toEqual([]);
  }, 60_000);
});
