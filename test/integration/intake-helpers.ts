import { randomUUID } from 'node:crypto';
import type { Credentials, StackInfo } from '@wuhan/local-stack';
import { type ApiResponse, api, credentialFor, eventRows, scanTable } from '@wuhan/testing';
import { expect } from 'vitest';

/** Shared by the intake integration files: clients by role, a valid nomination, table reads by marker. */
export function intakeClients(stack: StackInfo, credentials: Credentials) {
  const key = (role: string, n = 0) => credentialFor(credentials, role, n);
  return {
    staff: api(stack, key('staff').key),
    partnerA: api(stack, key('partner', 0).key),
    partnerB: api(stack, key('partner', 1).key),
    partnerAId: key('partner', 0).ownerId,
    partnerBId: key('partner', 1).ownerId,
    commissioner: (ownerId: string) =>
      api(stack, credentialFor(credentials, 'commissioner', (c) => c.ownerId === ownerId).key),
    commissionerIds: credentials.keys.filter((k) => k.role === 'commissioner').map((k) => k.ownerId),
    expert: api(stack, key('expert').key),
    anonymous: api(stack),
  };
}

/** A unique marker per test, in the title, so table reads find only what this test wrote. */
export function marker(): string {
  return `T${randomUUID().slice(0, 8)}`;
}

export function nomination(mark: string, overrides: Record<string, unknown> = {}) {
  return {
    title: `基于钙钛矿的柔性显示关键材料 ${mark}`,
    summary: '研发高效稳定的钙钛矿发光材料，面向下一代柔性显示。\n已完成实验室验证。',
    techField: 'future_display',
    stage: 'gestation',
    trl: 3,
    leadOrganization: '华中科技大学',
    teamLead: { name: '李明', email: 'liming@hust.edu.cn' },
    district: 'east_lake_hitech',
    ...overrides,
  };
}

/** Every item of the table that mentions the marker anywhere (project, nomination, outbox, history…). */
export async function itemsMentioning(stack: StackInfo, mark: string) {
  return scanTable(stack, (item) => JSON.stringify(item).includes(mark));
}

/** Event rows (each event's history row, what the relay delivers) of one type for one project. */
export async function outboxRows(stack: StackInfo, projectId: string, type: string) {
  return (await eventRows(stack, type)).filter(
    (item) => (item.event as { subject?: { id?: string } }).subject?.id === projectId,
  );
}

/** A problem+json answer with this status that names `field` among its errors. */
export function expectProblem(response: ApiResponse<unknown>, status: number, field?: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//) });
  if (field) {
    const { errors = [] } = response.json as { errors?: { field: string }[] };
    expect(errors.map((e) => e.field)).toContain(field);
  }
}

/**
 * A project's answer (`GET /v1/projects/{id}`) is the same as an earlier one: the project and its
 * recommendations byte for byte, its history as a prefix. Other test files on the shared stack can append to a
 * project's history meanwhile (a staff member without an address makes notification record a skip on every
 * nomination), so the whole text is not compared.
 */
export function expectSameProjectAnswer(now: ApiResponse<unknown>, before: ApiResponse<unknown>) {
  type Answer = { project: unknown; recommendations: unknown; history: unknown[] };
  const [a, b] = [now.json as Answer, before.json as Answer];
  expect(JSON.stringify([a.project, a.recommendations])).toBe(JSON.stringify([b.project, b.recommendations]));
  expect(a.history.slice(0, b.history.length)).toEqual(b.history);
}
