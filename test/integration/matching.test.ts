import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventCatalog } from '@wuhan/domain';
import {
  api,
  receiveAll,
  runSchedule,
  scanTable,
  sendJson,
  testDocumentClient,
  waitFor,
} from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { expectProblem, intakeClients, marker, nomination } from './intake-helpers.js';

/**
 * Issue 10 through the local stack: a qualified project is offered to the right platform (the matching consumer
 * ranks, writes the offer and its deadline, and the relay puts the self-contained message on that platform's
 * queue and no other); the platform accepts over the API and the project is matched. Platform queues have no
 * consumer in the stack, so the test only peeks at them (no delete) and finds its own message by match id.
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, partnerA } = intakeClients(stack, credentials);

const means = {
  demand: 8.5,
  disruptiveness: 9,
  producibility: 7,
  plan: 8,
  capability: 8,
  returns: 7.5,
  risk: 7,
  overall: 7.9,
};

/** A project under review, then set as the evaluation's outcome leaves it (qualified, one version on). */
async function qualifiedProject(mark: string, stage: 'gestation' | 'growth' = 'gestation') {
  const created = await partnerA.post(
    '/v1/nominations',
    nomination(mark, { techField: 'quantum', stage, trl: stage === 'growth' ? 8 : 2 }),
  );
  expect(created.status, created.text).toBe(202);
  const projectId = created.json.projectId as string;
  const passed = await staff.post(`/v1/projects/${projectId}/screening`, { decision: 'pass' });
  expect(passed.status, passed.text).toBe(200);
  await testDocumentClient(stack).send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: { pk: `PROJECT#${projectId}`, sk: 'PROJECT' },
      UpdateExpression: 'SET #status = :qualified, gsi2pk = :listing, #version = #version + :one',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':qualified': 'qualified',
        ':listing': 'PROJECTS#STATUS#qualified',
        ':one': 1,
      },
    }),
  );
  return { projectId, title: String(passed.json.title) };
}

/** The event the evaluation publishes with its outcome, as the relay would deliver it to matching's queue. */
function qualifiedEvent(projectId: string, title: string, stage: 'gestation' | 'growth' = 'gestation') {
  return {
    id: `evt_${randomUUID()}`,
    type: 'project.qualified',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: `matching-${projectId}`,
    actor: { role: 'system', id: 'evaluation' },
    subject: { kind: 'project', id: projectId },
    data: {
      projectId,
      title,
      district: 'east_lake_hitech',
      stage,
      techField: 'quantum',
      means,
      parameterVersion: 1,
      decidedBy: 'evaluation_outcome',
    },
  };
}

interface OfferMessage {
  type: string;
  data: { matchId: string; platformId: string };
}

async function offerMessagesOn(platformId: string, matchId: string) {
  const url = stack.platformQueues[platformId];
  if (!url) throw new Error(`the stack has no queue for platform ${platformId}`);
  const messages = await receiveAll(stack, url, { delete: false });
  return messages
    .map((m) => JSON.parse(m.Body ?? '{}') as OfferMessage)
    .filter((body) => body.type === 'match.offered' && body.data?.matchId === matchId);
}

/** The seeded API keys of platforms: this platform's, and another's (platform keys name their profile id). */
async function platformKeys(platformId: string) {
  const keys = credentials.keys.filter((k) => k.role === 'platform');
  for (const key of keys) {
    const profile = await staff.get(`/v1/platforms/${key.ownerId}`);
    if (
      profile.status === 200 &&
      (profile.json.profile as { platformId?: string }).platformId === platformId
    ) {
      const other = keys.find((k) => k.ownerId !== key.ownerId);
      if (!other) throw new Error('only one seeded platform key');
      return { offered: api(stack, key.key), other: api(stack, other.key) };
    }
  }
  throw new Error(`no seeded key for platform ${platformId}`);
}

type StoredOffer = {
  matchId: string;
  platformId: string;
  kind: string;
  state: string;
  explanation: { ranked: { platformId: string; rank: number }[]; excluded: { reason: string }[] };
};

/** The project's offers once `ready` holds for them (staff's listing). */
async function offersWhen(projectId: string, ready: (offers: StoredOffer[]) => boolean, what: string) {
  return waitFor(
    async () => {
      const listed = await staff.get(`/v1/matches?projectId=${projectId}`);
      expect(listed.status, listed.text).toBe(200);
      const items = listed.json.items as StoredOffer[];
      return ready(items) ? items : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, description: what },
  );
}

async function arrivedOn(platformId: string, matchId: string) {
  return waitFor(
    async () => {
      const mine = await offerMessagesOn(platformId, matchId);
      return mine.length > 0 ? mine : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, description: `the offer on platform-${platformId}` },
  );
}

describe('matching a qualified project to a platform (issue 10)', () => {
  it('offers a gestation project to one concept-verification centre on its own queue; that platform accepts; the project is matched', async () => {
    const { projectId, title } = await qualifiedProject(marker());
    await sendJson(stack, stack.queues.matching ?? '', qualifiedEvent(projectId, title));

    const offers = await waitFor(
      async () => {
        const listed = await staff.get(`/v1/matches?projectId=${projectId}`);
        expect(listed.status, listed.text).toBe(200);
        const items = listed.json.items as Record<string, unknown>[];
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the offer' },
    );
    expect(offers).toHaveLength(1);
    const offer = offers[0] as {
      matchId: string;
      platformId: string;
      kind: string;
      state: string;
      explanation: { ranked: { platformId: string; rank: number }[]; excluded: { reason: string }[] };
    };
    expect(offer).toMatchObject({ kind: 'concept_verification_center', state: 'offered' });
    // The stored explanation: the offered platform ranked first, the other kinds excluded for the stage.
    expect(offer.explanation.ranked[0]?.platformId).toBe(offer.platformId);
    expect(offer.explanation.excluded.map((e) => e.reason)).toContain('kind_not_for_stage');
    expect(offer.platformId.startsWith('cvc-')).toBe(true);

    const arrived = await waitFor(
      async () => {
        const mine = await offerMessagesOn(offer.platformId, offer.matchId);
        return mine.length > 0 ? mine : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: `the offer on platform-${offer.platformId}` },
    );
    expect(arrived).toHaveLength(1);
    // The message validates against its published schema and is self-contained.
    const message = eventCatalog['match.offered'].data.parse(arrived[0]?.data);
    expect(message).toMatchObject({ schemaVersion: 1, projectId, title, techField: 'quantum', means });
    for (const other of Object.keys(stack.platformQueues).filter((id) => id !== offer.platformId)) {
      expect(await offerMessagesOn(other, offer.matchId), other).toEqual([]);
    }

    // Another platform cannot answer it (404), the offered one accepts, a second answer is a 409.
    const { offered, other } = await platformKeys(offer.platformId);
    expectProblem(await other.post(`/v1/matches/${offer.matchId}/decline`, {}), 404);
    const accepted = await offered.post(`/v1/matches/${offer.matchId}/accept`, { reason: '方向契合' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toMatchObject({ matchId: offer.matchId, state: 'accepted' });
    expectProblem(await offered.post(`/v1/matches/${offer.matchId}/accept`, {}), 409);

    // A platform lists its own offers (no explanation); another platform does not see this one.
    const own = await offered.get(`/v1/matches?projectId=${projectId}`);
    expect(own.status, own.text).toBe(200);
    expect(own.json.items).toEqual([expect.objectContaining({ matchId: offer.matchId, state: 'accepted' })]);
    expect((own.json.items as Record<string, unknown>[])[0]?.explanation).toBeUndefined();
    const theirs = await other.get('/v1/matches?state=accepted');
    expect(theirs.status, theirs.text).toBe(200);
    expect((theirs.json.items as { matchId: string }[]).map((o) => o.matchId)).not.toContain(offer.matchId);
    const byPlatform = await staff.get(`/v1/matches?platformId=${offer.platformId}&state=accepted`);
    expect((byPlatform.json.items as { matchId: string }[]).map((o) => o.matchId)).toContain(offer.matchId);

    const project = await staff.get(`/v1/projects/${projectId}`);
    expect(project.json.status).toBe('matched');
    const deadline = await scanTable(stack, (i) => i.pk === `DEADLINE#offer:${offer.matchId}`);
    expect(deadline.map((d) => d.state)).toEqual(['cancelled']);
  }, 90_000);

  it('a decline offers the next centre; an offer left unanswered expires when the clock passes its day', async () => {
    const { projectId, title } = await qualifiedProject(marker());
    await sendJson(stack, stack.queues.matching ?? '', qualifiedEvent(projectId, title));
    const [first] = await offersWhen(projectId, (o) => o.length === 1, 'the first offer');
    if (!first) throw new Error('no first offer');
    const { offered } = await platformKeys(first.platformId);
    const declined = await offered.post(`/v1/matches/${first.matchId}/decline`, { reason: '本季度已满' });
    expect(declined.status, declined.text).toBe(200);

    const afterDecline = await offersWhen(projectId, (o) => o.length === 2, 'the next offer');
    const next = afterDecline.find((o) => o.matchId !== first.matchId);
    if (!next) throw new Error('no next offer');
    expect(afterDecline.find((o) => o.matchId === first.matchId)?.state).toBe('declined');
    expect(next).toMatchObject({ kind: 'concept_verification_center', state: 'offered' });
    expect(next.platformId).not.toBe(first.platformId);
    expect(await arrivedOn(next.platformId, next.matchId)).toHaveLength(1);

    // Move the clock past the respond-by day: the deadline fires, matching expires the offer (no centre is left
    // that was not offered it, so nothing further is offered).
    const [deadline] = await scanTable(stack, (i) => i.pk === `DEADLINE#offer:${next.matchId}`);
    expect(deadline?.state).toBe('pending');
    const swept = await runSchedule(
      stack,
      'deadline-sweep',
      new Date(Date.parse(String(deadline?.dueAt)) + 60_000),
    );
    expect(swept.status).toBe(200);
    const afterExpiry = await offersWhen(
      projectId,
      (o) => o.find((x) => x.matchId === next.matchId)?.state === 'expired',
      'the offer expired',
    );
    expect(afterExpiry.map((o) => o.state).sort()).toEqual(['declined', 'expired']);
    // Nobody left: staff are told (project.unmatched, naming the kind).
    const unmatched = await waitFor(
      async () => {
        const rows = await scanTable(
          stack,
          (i) =>
            i.entity === 'outbox' &&
            i.eventType === 'project.unmatched' &&
            (i.event as { subject?: { id?: string } }).subject?.id === projectId,
        );
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, description: 'project.unmatched' },
    );
    const told = unmatched[0]?.event as { data?: { kinds?: string[] } } | undefined;
    expect(told?.data?.kinds).toEqual(['concept_verification_center']);
    const { offered: late } = await platformKeys(next.platformId);
    expectProblem(await late.post(`/v1/matches/${next.matchId}/accept`, {}), 409);
  }, 90_000);

  it('a growth project qualified three times at once gets one finance offer and one landing-park offer', async () => {
    const { projectId, title } = await qualifiedProject(marker(), 'growth');
    const event = qualifiedEvent(projectId, title, 'growth');
    const queue = stack.queues.matching ?? '';
    await Promise.all([
      sendJson(stack, queue, event),
      sendJson(stack, queue, event),
      sendJson(stack, queue, event),
    ]);
    const offers = await offersWhen(projectId, (o) => o.length >= 2, 'the two offers');
    expect(offers.map((o) => o.kind).sort()).toEqual(['finance', 'landing_park']);
    for (const offer of offers) expect(await arrivedOn(offer.platformId, offer.matchId)).toHaveLength(1);
    // Both decline (no other finance platform or park is seeded): their places are freed for the next run.
    for (const offer of offers) {
      const { offered } = await platformKeys(offer.platformId);
      const answer = await offered.post(`/v1/matches/${offer.matchId}/decline`, {});
      expect(answer.status, answer.text).toBe(200);
    }
    const settled = await offersWhen(
      projectId,
      (o) => o.every((x) => x.state === 'declined'),
      'both declined',
    );
    expect(settled).toHaveLength(2);
  }, 90_000);
});
