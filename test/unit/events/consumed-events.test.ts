import { type ConsumedEvents, type EventType, eventTypes, parseEvent } from '@wuhan/domain';
import { eventRouting, topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { evaluationEvents } from '../../../services/evaluation/consumed-events.js';
import { matchingEvents } from '../../../services/matching/consumed-events.js';
import { notificationEvents } from '../../../services/notification/consumed-events.js';
import { subsidyEvents } from '../../../services/subsidy/consumed-events.js';
import { targetsEvents } from '../../../services/targets/consumed-events.js';

/**
 * The routing (packages/topology/src/event-routing.ts) is the one source of truth for which types reach which
 * queue; each consumer's declaration (services/<name>/consumed-events.ts) must say the same, or a routed type
 * would be refused as unknown (declared too few) or a schema bundled for nothing (declared too many).
 */
const declarations: readonly ConsumedEvents<EventType>[] = [
  notificationEvents,
  targetsEvents,
  evaluationEvents,
  matchingEvents,
  subsidyEvents,
];

const functionNames = new Set(topology.functions.map((f) => f.name));
const consumedQueues = topology.queues.filter((q) => functionNames.has(q.consumer));

function routedTo(queue: string): EventType[] {
  return eventTypes.filter((type) => eventRouting[type]?.some((target) => target === queue));
}

describe('each queue consumer declares exactly the event types routed to its queue', () => {
  it('knows every queue a function consumes', () => {
    expect(consumedQueues.map((q) => q.consumer).sort()).toEqual(declarations.map((d) => d.consumer).sort());
  });

  it.each(consumedQueues.map((q) => [q.name, q.consumer] as const))('%s queue (%s)', (queue, consumer) => {
    const declared = declarations.find((d) => d.consumer === consumer);
    expect(declared, `no consumed-events declaration for ${consumer}`).toBeDefined();
    expect([...(declared?.types ?? [])].sort()).toEqual(routedTo(queue).sort());
  });

  it('declares each type once', () => {
    for (const declared of declarations) expect(new Set(declared.types).size).toBe(declared.types.length);
  });
});

describe('a consumer parses only what it declares', () => {
  const event = {
    id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0VZZ',
    version: 1,
    occurredAt: '2026-11-30T02:00:00.000Z',
    correlationId: 'cor-1',
    actor: { role: 'system', id: 'subsidy' },
    subject: { kind: 'subsidy-claim', id: 'scl_1' },
  };

  it('refuses a known type it does not declare as an unknown type, with the envelope', () => {
    const parsed = parseEvent({ ...event, type: 'subsidy.claim_received', data: {} }, evaluationEvents);
    expect(parsed).toMatchObject({
      ok: false,
      kind: 'unknown-type',
      reason: expect.stringContaining('evaluation'),
      envelope: { id: event.id, type: 'subsidy.claim_received' },
    });
  });

  it('still refuses a type no catalog knows, as before', () => {
    expect(parseEvent({ ...event, type: 'project.teleported', data: {} }, subsidyEvents)).toMatchObject({
      ok: false,
      kind: 'unknown-type',
      reason: 'Unknown event type project.teleported',
    });
  });

  it('reads a declared type with its schema', () => {
    const data = { projectId: 'prj_1', expertId: 'exp-1', revision: 1 };
    const parsed = parseEvent({ ...event, type: 'evaluation.review_submitted', data }, evaluationEvents);
    expect(parsed).toMatchObject({ ok: true, event: { type: 'evaluation.review_submitted', data } });
    const invalid = parseEvent(
      { ...event, type: 'evaluation.review_submitted', data: { ...data, revision: 0 } },
      evaluationEvents,
    );
    expect(invalid).toMatchObject({ ok: false, kind: 'invalid-data' });
  });
});
