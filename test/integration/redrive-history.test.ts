import { randomUUID } from 'node:crypto';
import { useStackEnvironment } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';

/**
 * Issue 13, events written once: the relay's redrive (`--outbox-from/--outbox-to`, `--stream-failures`) finds
 * an event from its one stored row, the subject's history row, through the local stack's table. Only the read
 * is run here: resending a window would resend other files' events on the shared stack.
 */
const info = inject('stack');

describe('redrive reads the events from their history rows', () => {
  it('finds an event committed with commit() in its window, once, and not outside it', async () => {
    await useStackEnvironment(info);
    const { commit } = await import('@wuhan/aws');
    const { newEvent } = await import('@wuhan/domain');
    const { outboxEventsBetween } = await import('../../services/relay/redrive-outbox.js');
    const event = newEvent({
      type: 'system.test',
      actor: { role: 'system', id: 'redrive-history-test' },
      subject: { kind: 'system', id: `redrive-${randomUUID()}` },
      data: { note: '补发测试' },
      correlationId: randomUUID(),
    });
    await commit([], [event]);

    const at = Date.parse(event.occurredAt);
    const inWindow = await outboxEventsBetween(new Date(at - 1000), new Date(at + 1000));
    expect(inWindow.filter((e) => e.id === event.id)).toEqual([event]);
    const before = await outboxEventsBetween(new Date(at - 60_000), new Date(at - 1));
    expect(before.some((e) => e.id === event.id)).toBe(false);
  });
});
