import { type EventEnvelope, type EventType, eventTypes } from '@wuhan/domain';
import { envelope } from '@wuhan/testing';
import { platformQueueName, platforms, topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { planDeliveries } from './plan-deliveries.js';

/** The relay reads envelopes and never a type's data, so any type and data will do (even an unknown type). */
const event = (type: EventType | string, data: Record<string, unknown> = {}): EventEnvelope =>
  envelope(type, data, { actor: { role: 'system', id: 'matching' } });

const offer = (data: Record<string, unknown>) => [{ recordId: '1', event: event('match.offered', data) }];

describe('the topology’s routing', () => {
  it('names every event type of the catalog (an empty list is a decision: history only), and no other', () => {
    expect(Object.keys(topology.eventRouting).sort()).toEqual([...eventTypes].sort());
  });
});

describe('planDeliveries, by type', () => {
  it('makes one delivery per routed queue', () => {
    const plan = planDeliveries([{ recordId: '1', event: event('project.nominated') }], {
      'project.nominated': ['a', 'b'],
    });
    expect(plan.deliveries.map((d) => d.queue)).toEqual(['a', 'b']);
    expect(plan.undeliverable).toEqual([]);
  });

  it('treats an empty route list as history only, not as a routing error', () => {
    const plan = planDeliveries([{ recordId: '1', event: event('apikey.issued') }], { 'apikey.issued': [] });
    expect(plan).toEqual({ deliveries: [], undeliverable: [] });
  });

  it('parks an event whose type has no route, rather than dropping it', () => {
    const unknown = event('nothing.routes.this');
    const plan = planDeliveries([{ recordId: '2', event: unknown }], { 'project.nominated': ['a'] });
    expect(plan.deliveries).toEqual([]);
    expect(plan.undeliverable).toEqual([
      expect.objectContaining({ recordId: '2', event: unknown, reason: 'no-route' }),
    ]);
  });

  it('does not take a route from the prototype (a type named like an Object method)', () => {
    const plan = planDeliveries([{ recordId: '1', event: event('constructor') }], {});
    expect(plan.undeliverable.map((u) => u.reason)).toEqual(['no-route']);
  });
});

describe('planDeliveries, by field (the topology’s match.offered route)', () => {
  const routing = topology.eventRouting;

  it('delivers a match.offered event to exactly the named platform’s queue', () => {
    const plan = planDeliveries(offer({ platformId: 'cvc-whu', projectId: 'prj_1' }), routing);
    expect(plan.deliveries.map((d) => d.queue)).toEqual(['platform-cvc-whu']);
    expect(plan.undeliverable).toEqual([]);
  });

  it('reaches each platform’s own queue and no other, for every platform', () => {
    for (const platform of platforms) {
      const plan = planDeliveries(offer({ platformId: platform.platformId }), routing);
      expect(plan.deliveries.map((d) => d.queue)).toEqual([platformQueueName(platform.platformId)]);
    }
  });

  it.each([
    ['unknown platform', { platformId: 'cvc-nowhere' }, 'route-target-unknown'],
    ['another queue’s name', { platformId: 'notification' }, 'route-target-unknown'],
    ['a queue name instead of an id', { platformId: 'platform-cvc-whu' }, 'route-target-unknown'],
    ['a prototype key', { platformId: '__proto__' }, 'route-target-unknown'],
    ['a prototype method', { platformId: 'toString' }, 'route-target-unknown'],
    ['missing field', {}, 'route-field-missing'],
    ['not a string', { platformId: ['cvc-whu'] }, 'route-field-missing'],
  ])('%s: undeliverable, and no delivery anywhere', (_, data, reason) => {
    const plan = planDeliveries(offer(data), routing);
    expect(plan.deliveries).toEqual([]);
    expect(plan.undeliverable).toEqual([expect.objectContaining({ recordId: '1', reason })]);
    expect(plan.undeliverable[0]?.detail).toContain('data.platformId');
  });

  it('mixes type and field routes: the type route still delivers when the field route cannot', () => {
    const mixed = {
      'match.offered': ['notification', { byField: 'platformId', targets: { x: 'platform-x' } }],
    };
    const unknown = planDeliveries(offer({ platformId: 'y' }), mixed);
    expect(unknown.deliveries.map((d) => d.queue)).toEqual(['notification']);
    expect(unknown.undeliverable.map((u) => u.reason)).toEqual(['route-target-unknown']);
    const known = planDeliveries(offer({ platformId: 'x' }), mixed);
    expect(known.deliveries.map((d) => d.queue)).toEqual(['notification', 'platform-x']);
  });

  it('delivers once to a queue that two routes of the same event name', () => {
    const twice = {
      'match.offered': ['platform-x', { byField: 'platformId', targets: { x: 'platform-x' } }],
    };
    expect(planDeliveries(offer({ platformId: 'x' }), twice).deliveries).toHaveLength(1);
  });
});
