import { describe, expect, it } from 'vitest';
import { deadlineFiredEvent, deadlineSchema, isDue, newDeadline } from './deadlines.js';

const now = new Date('2026-03-01T02:00:00.000Z');
const input = {
  id: 'offer:mat_1',
  eventType: 'deadline.fired' as const,
  dueAt: new Date('2026-03-11T02:00:00.000Z'),
  subject: { kind: 'project', id: 'prj_1' },
  payload: { platformId: 'cvc-whu' },
  correlationId: 'corr-1',
  now,
};

describe('deadlines', () => {
  it('starts pending, with fixed-width UTC instants so due times sort as strings', () => {
    const deadline = newDeadline(input);
    expect(deadline).toMatchObject({
      id: 'offer:mat_1',
      state: 'pending',
      dueAt: '2026-03-11T02:00:00.000Z',
      setAt: '2026-03-01T02:00:00.000Z',
    });
  });

  it('refuses an id that would break the listing key, and a payload shadowing the event fields', () => {
    expect(() => newDeadline({ ...input, id: 'offer#1' })).toThrow();
    expect(() => newDeadline({ ...input, id: '' })).toThrow();
    expect(() => newDeadline({ ...input, payload: { dueAt: 'tomorrow' } })).toThrow(/payload/);
    expect(() => newDeadline({ ...input, payload: { deadlineId: 'x' } })).toThrow(/payload/);
  });

  it('is due at its instant and after, not a millisecond before', () => {
    const deadline = newDeadline(input);
    expect(isDue(deadline, new Date('2026-03-11T01:59:59.999Z'))).toBe(false);
    expect(isDue(deadline, new Date('2026-03-11T02:00:00.000Z'))).toBe(true);
    expect(isDue(deadline, new Date('2026-03-12T00:00:00.000Z'))).toBe(true);
  });

  it('fires its own event type about its subject, with the correlation id it was set with', () => {
    const firedAt = new Date('2026-03-11T02:00:30.000Z');
    const event = deadlineFiredEvent(newDeadline(input), firedAt);
    expect(event).toMatchObject({
      type: 'deadline.fired',
      subject: { kind: 'project', id: 'prj_1' },
      correlationId: 'corr-1',
      occurredAt: '2026-03-11T02:00:30.000Z',
      actor: { role: 'system', id: 'deadlines' },
      data: { deadlineId: 'offer:mat_1', dueAt: '2026-03-11T02:00:00.000Z', platformId: 'cvc-whu' },
    });
  });

  it('reads back a stored item, dropping its keys', () => {
    const deadline = newDeadline(input);
    const parsed = deadlineSchema.parse({ pk: 'DEADLINE#offer:mat_1', sk: 'DEADLINE', ...deadline });
    expect(parsed).toEqual(deadline);
  });
});
