import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@wuhan/aws';
import { emailsTo, sendJson, testDocumentClient, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { marker, outboxRows } from './intake-helpers.js';
import {
  commissionerOf,
  matchingClients,
  offersWhen,
  qualifiedEvent,
  qualifiedProject,
  type StoredOffer,
} from './matching-helpers.js';

/**
 * One fact, one email: a platform's acceptance moves the project to matched and writes two events
 * (match.accepted and the move's project.status_changed). The commissioner gets one email that names the
 * platform and the new status; staff still get the status change. Other files use the same commissioner and
 * staff at once, so everything here is found by this test's own project and event ids.
 */
const stack = inject('stack');
const credentials = inject('credentials');
const clients = matchingClients(stack, credentials);

interface EventRow {
  event: { id: string; data: Record<string, unknown> };
}

/** The only row of this type for the project that `matches`, once the outbox holds it. */
async function eventOf(projectId: string, type: string, matches: (data: Record<string, unknown>) => boolean) {
  const rows = (await outboxRows(stack, projectId, type)) as unknown as EventRow[];
  const found = rows.filter((r) => matches(r.event.data));
  expect(found, type).toHaveLength(1);
  return (found[0] as EventRow).event;
}

/**
 * The recipients of an event's emails and their claim states, once none is still being sent and every recipient
 * in `including` is there. notify records skipped and digest recipients one by one before the one write that
 * claims every email, so a map without all of `including` may still be missing recipients of that write.
 */
async function settledClaims(
  eventId: string,
  what: string,
  including: readonly string[] = [],
): Promise<Record<string, string>> {
  return waitFor(
    async () => {
      const { Item } = await testDocumentClient(stack).send(
        new GetCommand({ TableName: stack.tableName, Key: keys.mailClaims(eventId), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const states = Object.fromEntries(
        Object.entries(Item)
          .filter(([name]) => name.startsWith('to:'))
          .map(([name, claim]) => [name.slice(3), String((claim as { state?: unknown }).state)]),
      );
      const pending = Object.values(states).some((s) => s === 'sending' || s === 'released');
      const complete = including.every((recipient) => recipient in states);
      return Object.keys(states).length > 0 && complete && !pending ? states : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 250, description: what },
  );
}

describe("a platform's acceptance and staff's release (one email each to the commissioner)", () => {
  it('emails the commissioner once per answer, naming the platform and the new status; staff still hear each move', async () => {
    // Prepare: a qualified project offered to a platform, which accepts.
    const { projectId, title } = await qualifiedProject(clients, marker());
    await sendJson(stack, stack.queues.matching ?? '', qualifiedEvent(projectId, title));
    const [offer] = await offersWhen(clients, projectId, (o) => o.length > 0, 'the offer');
    const { matchId, platformId } = offer as StoredOffer;
    const { id: commissionerId, address } = await commissionerOf(clients, projectId);

    // Act
    const accepted = await clients
      .platform(platformId)
      .post(`/v1/matches/${matchId}/decision`, { decision: 'accepted' });
    expect(accepted.status, accepted.text).toBe(200);

    // Assess: the acceptance wrote both events; each was handled for all its recipients.
    const acceptance = await eventOf(projectId, 'match.accepted', (d) => d.matchId === matchId);
    expect(acceptance.data).toMatchObject({ from: 'qualified', to: 'matched' });
    const moved = await eventOf(projectId, 'project.status_changed', (d) => d.to === 'matched');
    expect(moved.data).toMatchObject({ command: 'match_accepted' });
    const commissioner = `commissioner#${commissionerId}`;
    expect(await settledClaims(acceptance.id, 'the acceptance emailed')).toEqual({ [commissioner]: 'sent' });
    // Every seeded staff member is emailed the move (or has it in a digest) in the same claim write that would
    // carry the commissioner's email if it were routed: once they are all there, the commissioner's absence counts.
    const seededStaff = credentials.keys.filter((k) => k.role === 'staff').map((k) => `staff#${k.ownerId}`);
    expect(seededStaff.length).toBeGreaterThan(0);
    const statusClaims = await settledClaims(moved.id, 'the status change emailed', seededStaff);
    // Staff still hear the move (each immediately or in their digest); the commissioner is not emailed it.
    const staffClaims = Object.keys(statusClaims).filter((r) => r.startsWith('staff#'));
    expect(staffClaims.length).toBeGreaterThan(0);
    expect(Object.keys(statusClaims).sort()).toEqual(staffClaims.sort());

    // The commissioner's inbox: of the emails about this project since it was qualified, one, saying both.
    const about = (await emailsTo(stack, address)).filter(
      (mail) =>
        (mail.body.text ?? '').includes(projectId) &&
        ((mail.body.text ?? '').includes(matchId) || /已匹配|matched/.test(mail.subject)),
    );
    expect(about.map((m) => m.subject)).toHaveLength(1);
    const [mail] = about;
    expect(mail?.body.text).toContain(matchId);
    expect(mail?.subject).toContain(platformId);
    expect(mail?.subject).toMatch(/项目已匹配|project now matched/);

    // Staff release the match: the project is qualified again, and the commissioner again gets one email.
    const released = await clients.staff.post(`/v1/matches/${matchId}/release`, { reason: '平台场地调整' });
    expect(released.status, released.text).toBe(200);
    const release = await eventOf(projectId, 'match.released', (d) => d.matchId === matchId);
    expect(release.data).toMatchObject({ from: 'matched', to: 'qualified' });
    const movedBack = await eventOf(projectId, 'project.status_changed', (d) => d.to === 'qualified');
    expect(movedBack.data).toMatchObject({ command: 'match_released' });
    expect(await settledClaims(release.id, 'the release emailed')).toEqual({ [commissioner]: 'sent' });
    const backClaims = await settledClaims(movedBack.id, 'the move back emailed', seededStaff);
    expect(Object.keys(backClaims).every((r) => r.startsWith('staff#'))).toBe(true);
    const aboutRelease = (await emailsTo(stack, address)).filter(
      (m) => (m.body.text ?? '').includes(matchId) && /对接已解除|released/.test(m.subject),
    );
    expect(aboutRelease.map((m) => m.subject)).toHaveLength(1);
    expect(aboutRelease[0]?.subject).toMatch(/项目恢复为评估通过|project now qualified/);
  }, 180_000);
});
