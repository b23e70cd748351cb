import { describe, expect, it } from 'vitest';
import { eventCatalog, InvalidEventError, newEvent, parseEvent } from './events.js';

const envelope = {
  actor: { role: 'system', id: 'test' },
  subject: { kind: 'project', id: 'prj_1' },
  correlationId: 'cor-1',
} as const;

const assigned = {
  projectId: 'prj_1',
  title: '量子精密测量',
  district: 'east_lake_hitech',
  commissionerId: 'com-elh-1',
} as const;

describe('newEvent', () => {
  it("stamps the type's current version and keeps the parsed data", () => {
    const event = newEvent({ ...envelope, type: 'project.assigned', data: assigned });
    expect(event).toMatchObject({ type: 'project.assigned', version: 1, data: assigned });
    expect(event.id).toMatch(/^evt_/);
  });

  it('throws a programming error on data that fails the schema', () => {
    expect(() =>
      newEvent({
        ...envelope,
        type: 'project.assigned',
        // @ts-expect-error a district outside the vocabulary is a compile error too
        data: { ...assigned, district: 'atlantis' },
      }),
    ).toThrow(InvalidEventError);
  });

  it('throws on a field the schema does not declare (a consumer would silently drop it)', () => {
    const data = { ...assigned, comissionerId: 'typo' };
    expect(() => newEvent({ ...envelope, type: 'project.assigned', data })).toThrow(/comissionerId/);
  });

  it('refuses data of another type', () => {
    expect(() =>
      newEvent({
        ...envelope,
        type: 'apikey.revoked',
        // @ts-expect-error project data is not an apikey.revoked's
        data: assigned,
      }),
    ).toThrow(InvalidEventError);
  });
});

describe('parseEvent', () => {
  const valid = () =>
    JSON.parse(JSON.stringify(newEvent({ ...envelope, type: 'project.assigned', data: assigned })));

  it('reads a valid event as its typed union member', () => {
    const parsed = parseEvent(valid());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.event.type).toBe('project.assigned');
    if (parsed.event.type === 'project.assigned') expect(parsed.event.data.commissionerId).toBe('com-elh-1');
  });

  it('drops a data field it does not know (a newer producer may add optional ones)', () => {
    const json = valid();
    json.data.addedLater = 'x';
    const parsed = parseEvent(json);
    expect(parsed.ok && 'addedLater' in parsed.event.data).toBe(false);
    expect(parsed.ok).toBe(true);
  });

  it('refuses something that is no event envelope', () => {
    expect(parseEvent({ hello: 'world' })).toMatchObject({ ok: false, kind: 'malformed' });
    expect(parseEvent('[]')).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('refuses an unknown type, naming it', () => {
    expect(parseEvent({ ...valid(), type: 'project.teleported' })).toMatchObject({
      ok: false,
      kind: 'unknown-type',
      reason: expect.stringContaining('project.teleported'),
      envelope: { type: 'project.teleported' },
    });
  });

  it('refuses an unknown version of a known type', () => {
    expect(parseEvent({ ...valid(), version: 2 })).toMatchObject({ ok: false, kind: 'unknown-version' });
  });

  it('refuses data that fails the schema, saying where', () => {
    const json = valid();
    json.data.commissionerId = 42;
    expect(parseEvent(json)).toMatchObject({
      ok: false,
      kind: 'invalid-data',
      reason: expect.stringContaining('commissionerId'),
    });
  });

  it('knows a version for every type it lists', () => {
    for (const definition of Object.values(eventCatalog)) expect(definition.version).toBeGreaterThan(0);
  });
});
