import {
  consumedEventsOf,
  eventCatalog,
  eventTypes,
  InvalidEventError,
  matchReleasedEvent,
  newEvent,
  newEventOf,
  parameterSets,
  parseConsumedEvent,
  projectEvent,
  projectEventOf,
  projectQualifiedEvent,
  subsidyClaimReceivedEvent,
} from '@wuhan/domain';
import { describe, expect, it } from 'vitest';

/**
 * Issue 13: each event definition and parameter set is a binding of its own (so a bundle keeps only those it
 * names), and the catalog, the literal list of types and the registry stay one source of truth with them.
 */
describe('event definitions as bindings', () => {
  it('lists every catalog type, in the catalog order, in the literal eventTypes', () => {
    expect([...eventTypes]).toEqual(Object.keys(eventCatalog));
  });

  it('files each definition under its own type', () => {
    for (const [key, definition] of Object.entries(eventCatalog)) expect(definition.type).toBe(key);
  });

  const caller = {
    principal: { role: 'staff', ownerId: 'stf-li', keyId: 'key-1' },
    correlationId: 'cor-1',
    now: new Date('2026-11-30T02:00:00.000Z'),
  } as const;

  it('builds the same event from a definition as from its type name', () => {
    const data = {
      matchId: 'mat_1',
      platformId: 'plt-1',
      kind: 'pilot_platform',
      reason: '场地已满',
    } as const;
    const { id: _a, ...byDefinition } = projectEventOf(caller, matchReleasedEvent, 'prj_1', data);
    const { id: _b, ...byName } = projectEvent(caller, 'match.released', 'prj_1', data);
    expect(byDefinition).toEqual(byName);
    expect(byDefinition).toMatchObject({ type: 'match.released', version: 1, data: { projectId: 'prj_1' } });
  });

  it('refuses through a definition what the type name refuses', () => {
    const input = {
      actor: { role: 'system', id: 'subsidy' },
      subject: { kind: 'subsidy_claim', id: 'scl_1' },
      correlationId: 'cor-1',
      data: { claimId: 'scl_1', subsidyType: 'first_use', assessOn: 'not a date' },
    } as const;
    expect(() => newEventOf(subsidyClaimReceivedEvent, input)).toThrow(InvalidEventError);
    expect(() => newEvent({ ...input, type: 'subsidy.claim_received' })).toThrow(InvalidEventError);
    const extra = { ...input, data: { ...input.data, assessOn: '2026-11-30', typo: 1 } };
    expect(() => newEventOf(subsidyClaimReceivedEvent, extra)).toThrow(/does not declare typo/);
  });

  it('parses only the declared definitions, telling an unknown type from one not declared', () => {
    const declared = consumedEventsOf('subsidy', [subsidyClaimReceivedEvent]);
    expect(declared.types).toEqual(['subsidy.claim_received']);
    const envelope = {
      id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0VZZ',
      version: 1,
      occurredAt: '2026-11-30T02:00:00.000Z',
      correlationId: 'cor-1',
      actor: { role: 'system', id: 'evaluation' },
      subject: { kind: 'project', id: 'prj_1' },
    };
    const qualified = { ...envelope, type: projectQualifiedEvent.type, data: {} };
    expect(parseConsumedEvent(qualified, declared)).toMatchObject({
      ok: false,
      kind: 'unknown-type',
      reason: 'Event type project.qualified is not one the subsidy consumer reads',
    });
    expect(parseConsumedEvent({ ...envelope, type: 'project.teleported', data: {} }, declared)).toMatchObject(
      {
        ok: false,
        kind: 'unknown-type',
        reason: 'Unknown event type project.teleported',
      },
    );
    const data = { claimId: 'scl_1', subsidyType: 'first_use', assessOn: '2026-11-30' };
    const claim = { ...envelope, type: 'subsidy.claim_received', data };
    expect(parseConsumedEvent(claim, declared)).toMatchObject({ ok: true, event: { data } });
  });
});

describe('parameter sets as bindings', () => {
  it('files each set under its own name', () => {
    for (const [key, set] of Object.entries(parameterSets)) expect(set.name).toBe(key);
  });
});
