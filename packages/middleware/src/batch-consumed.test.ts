import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { consumedEvents } from '@wuhan/domain';
import { assignedEvent, context, mockConsumerClients, sqsRecord } from '@wuhan/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventConsumer } from './batch.js';

const { ddb, reset } = mockConsumerClients('test-queue');

beforeEach(reset);

const assigned = assignedEvent;

function transactItems() {
  return ddb.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems ?? []);
}

describe('eventConsumer({ events }): a consumer reads only the types it declares', () => {
  it('handles a declared type', async () => {
    const handle = vi.fn(async () => {});
    const events = consumedEvents('test-consumer', ['project.assigned']);
    const handler = eventConsumer({ name: 'test-consumer', dedupe: 'own', events, handle });
    const result = await handler({ Records: [sqsRecord(assigned())] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(handle).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'project.assigned' }),
      expect.anything(),
    );
  });

  it('refuses any other catalog type as an unknown type: recorded, staff told, not retried', async () => {
    const handle = vi.fn(async () => {});
    const events = consumedEvents('test-consumer', ['subsidy.claim_received']);
    const handler = eventConsumer({ name: 'test-consumer', dedupe: 'own', events, handle });
    const event = assigned();
    const result = await handler({ Records: [sqsRecord(event)] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(handle).not.toHaveBeenCalled();
    const items = transactItems();
    const rejection = items.find((i) => i.Put?.Item?.entity === 'rejected-message')?.Put?.Item;
    expect(rejection).toMatchObject({
      kind: 'unknown-type',
      eventId: event.id,
      eventType: 'project.assigned',
    });
    const told = items.find((i) => i.Put?.Item?.entity === 'history')?.Put?.Item?.event;
    expect(told).toMatchObject({
      type: 'event.rejected',
      data: { kind: 'unknown-type', rejectedEventId: event.id },
    });
  });
});
