import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { redriveDeadLetters } from '@wuhan/aws';
import { newId } from '@wuhan/domain';
import { readInbox, receiveAll, testSqsClient, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';

/**
 * `npm run redrive -- <queue>` through the local stack (issue 12): a message that sat in the notification DLQ goes
 * back to its queue once the cause is fixed, is handled there (its email arrives), and leaves the DLQ empty.
 */
const stack = inject('stack');

describe('redriving a dead-letter queue', () => {
  it('moves the DLQ’s messages back to the queue, where they are handled once', async () => {
    const sqs = testSqsClient(stack);
    const queueUrl = stack.queues.notification ?? '';
    const dlqUrl = stack.dlqs.notification ?? '';
    // A distinct instant, shown in the email, tells this test's message apart from every other system.test.
    const occurredAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(Math.random() * 1e10)).toISOString();
    const event = {
      id: newId('evt'),
      type: 'system.test',
      version: 1,
      occurredAt,
      correlationId: `dlq-redrive-${occurredAt}`,
      actor: { role: 'system', id: 'dlq-redrive.test' },
      subject: { kind: 'system', id: 'dlq-redrive' },
      data: { note: 'redriven' },
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify(event) }));

    const result = await redriveDeadLetters({ sqs, queueUrl, dlqUrl, mode: 'copy' });
    expect(result).toMatchObject({ mode: 'copy' });
    expect((result as { moved: number }).moved).toBeGreaterThanOrEqual(1);

    await waitFor(
      async () =>
        (await readInbox(stack)).some((mail) => (mail.body.text ?? '').includes(occurredAt)) || undefined,
      { timeoutMs: 30_000, intervalMs: 250, description: 'the redriven event’s email' },
    );
    const left = await receiveAll(stack, dlqUrl);
    expect(left.filter((m) => (m.Body ?? '').includes(event.id))).toEqual([]);
  });
});
