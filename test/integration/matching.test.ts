import { eventCatalog } from '@wuhan/domain';
import {
  checkPlatformMessage,
  PlatformMessageInvalid,
  runSchedule,
  scanTable,
  sendJson,
  waitFor,
} from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { expectProblem, marker, outboxRows } from './intake-helpers.js';
import {
  arrivedOn,
  commissionerMailsAbout,
  matchingClients,
  means,
  offerMessagesOn,
  offersWhen,
  qualifiedEvent,
  qualifiedProject,
  type StoredOffer,
} from './matching-helpers.js';

/**
 * Issue 10 through the local stack: a qualified project is offered to the right platform (the matching consumer
 * ranks, writes the offer and its deadline, and the relay puts the self-contained message on that platform's
 * queue and no other); the platform decides over the API (`POST /v1/matches/{matchId}/decision`); staff release
 * an accepted match; offers are listed page by page. Platform queues have no consumer in the stack, so the tests
 * only peek at them (no delete) through readPlatformQueue, which validates every message against the published
 * schema, and find their own message by match id.
 */
const stack = inject('stack');
const credentials = inject('credentials');
const clients = matchingClients(stack, credentials);
const { staff } = clients;
const matchingQueue = () => stack.queues.matching ?? '';

describe('matching a qualified project to a platform (issue 10)', () => {
  it('offers a gestation project to one concept-verification centre on its own queue; that platform accepts; the project is matched', async () => {
    const { projectId, title } = await qualifiedProject(clients, marker());
    await sendJson(stack, matchingQueue(), qualifiedEvent(projectId, title));

    const offers = await offersWhen(clients, projectId, (o) => o.length > 0, 'the offer');
    expect(offers).toHaveLength(1);
    const offer = offers[0] as StoredOffer;
    expect(offer).toMatchObject({ kind: 'concept_verification_center', state: 'offered' });
    // The stored explanation: the offered platform ranked first, the other kinds excluded for the stage.
    expect(offer.explanation.ranked[0]?.platformId).toBe(offer.platformId);
    expect(offer.explanation.excluded.map((e) => e.reason)).toContain('kind_not_for_stage');
    expect(offer.platformId.startsWith('cvc-')).toBe(true);

    const arrived = await arrivedOn(stack, offer.platformId, offer.matchId);
    expect(arrived).toHaveLength(1);
    // Self-contained, and it says how to answer: the one decision route.
    const message = eventCatalog['match.offered'].data.parse(arrived[0]?.data);
    expect(message).toMatchObject({ schemaVersion: 1, projectId, title, techField: 'quantum', means });
    expect(message.howToAnswer.request).toBe(`POST /v1/matches/${offer.matchId}/decision`);
    for (const other of Object.keys(stack.platformQueues).filter((id) => id !== offer.platformId)) {
      expect(await offerMessagesOn(stack, other, offer.matchId), other).toEqual([]);
    }

    // Another platform cannot decide on it (404); an unknown decision is a 400 naming the field; the offered
    // platform accepts; a second decision is a 409.
    const offered = clients.platform(offer.platformId);
    expectProblem(
      await clients.otherThan(offer.platformId).post(`/v1/matches/${offer.matchId}/decision`, {
        decision: 'declined',
      }),
      404,
    );
    expectProblem(
      await offered.post(`/v1/matches/${offer.matchId}/decision`, { decision: 'maybe' }),
      400,
      'body.decision',
    );
    expectProblem(await offered.post(`/v1/matches/${offer.matchId}/decision`, {}), 400, 'body.decision');
    const accepted = await offered.post(`/v1/matches/${offer.matchId}/decision`, {
      decision: 'accepted',
      reason: '方向契合',
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toMatchObject({ matchId: offer.matchId, state: 'accepted', reason: '方向契合' });
    expectProblem(await offered.post(`/v1/matches/${offer.matchId}/decision`, { decision: 'declined' }), 409);

    // A platform lists its own offers (no explanation); another platform does not see this one.
    const own = await offered.get(`/v1/matches?projectId=${projectId}`);
    expect(own.status, own.text).toBe(200);
    expect(own.json.items).toEqual([expect.objectContaining({ matchId: offer.matchId, state: 'accepted' })]);
    expect((own.json.items as Record<string, unknown>[])[0]?.explanation).toBeUndefined();
    const theirs = await clients.otherThan(offer.platformId).get(`/v1/matches?projectId=${projectId}`);
    expect(theirs.json.items).toEqual([]);
    const byPlatform = await staff.get(`/v1/matches?platformId=${offer.platformId}&state=accepted&limit=100`);
    expect((byPlatform.json.items as { matchId: string }[]).map((o) => o.matchId)).toContain(offer.matchId);

    const project = await staff.get(`/v1/projects/${projectId}`);
    expect(project.json.status).toBe('matched');
    const deadline = await scanTable(stack, (i) => i.pk === `DEADLINE#offer:${offer.matchId}`);
    expect(deadline.map((d) => d.state)).toEqual(['cancelled']);
    // The commissioner is emailed the answer: match.accepted is routed to notification.
    expect(await outboxRows(stack, projectId, 'match.accepted')).toHaveLength(1);
  }, 90_000);

  it('a decline offers the next centre; an offer left unanswered expires when the clock passes its day', async () => {
    const { projectId, title } = await qualifiedProject(clients, marker());
    await sendJson(stack, matchingQueue(), qualifiedEvent(projectId, title));
    const [first] = await offersWhen(clients, projectId, (o) => o.length === 1, 'the first offer');
    if (!first) throw new Error('no first offer');
    const declined = await clients
      .platform(first.platformId)
      .post(`/v1/matches/${first.matchId}/decision`, { decision: 'declined', reason: '本季度已满' });
    expect(declined.status, declined.text).toBe(200);

    const afterDecline = await offersWhen(clients, projectId, (o) => o.length === 2, 'the next offer');
    const next = afterDecline.find((o) => o.matchId !== first.matchId);
    if (!next) throw new Error('no next offer');
    expect(afterDecline.find((o) => o.matchId === first.matchId)).toMatchObject({
      state: 'declined',
      reason: '本季度已满',
    });
    expect(next).toMatchObject({ kind: 'concept_verification_center', state: 'offered' });
    expect(next.platformId).not.toBe(first.platformId);
    expect(await arrivedOn(stack, next.platformId, next.matchId)).toHaveLength(1);

    // Move the clock past the respond-by day: the deadline fires, matching expires the offer. Whether another
    // centre is left depends on the configured platforms; the expiry itself is what this asserts.
    const [deadline] = await scanTable(stack, (i) => i.pk === `DEADLINE#offer:${next.matchId}`);
    expect(deadline?.state).toBe('pending');
    const swept = await runSchedule(
      stack,
      'deadline-sweep',
      new Date(Date.parse(String(deadline?.dueAt)) + 60_000),
    );
    expect(swept.status).toBe(200);
    await offersWhen(
      clients,
      projectId,
      (o) => o.find((x) => x.matchId === next.matchId)?.state === 'expired',
      'the offer expired',
    );
    // The commissioner hears of the decline and the expiry (routed to notification).
    expect(await outboxRows(stack, projectId, 'match.declined')).toHaveLength(1);
    const expiredRows = await waitFor(
      async () => {
        const rows = await outboxRows(stack, projectId, 'match.expired');
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, description: 'match.expired' },
    );
    expect((expiredRows[0]?.event as { data?: { matchId?: string } } | undefined)?.data?.matchId).toBe(
      next.matchId,
    );
    // Both answers reached the project's commissioner by email (each names its match).
    for (const matchId of [first.matchId, next.matchId]) {
      const mails = await waitFor(
        async () => {
          const found = await commissionerMailsAbout(clients, projectId, matchId);
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250, description: `the commissioner's email about ${matchId}` },
      );
      expect(mails).toHaveLength(1);
    }
    expectProblem(
      await clients
        .platform(next.platformId)
        .post(`/v1/matches/${next.matchId}/decision`, { decision: 'accepted' }),
      409,
    );
  }, 90_000);

  it('with nobody left, staff are told: project.unmatched names the kind', async () => {
    const { projectId, title } = await qualifiedProject(clients, marker());
    await sendJson(stack, matchingQueue(), qualifiedEvent(projectId, title));
    // Every centre declines in turn (however many are configured) until none is left.
    const declined = new Map<string, string>();
    for (let round = 0; round < 20; round++) {
      const outcome = await waitFor(
        async () => {
          if ((await outboxRows(stack, projectId, 'project.unmatched')).length > 0)
            return 'unmatched' as const;
          const listed = await offersWhen(clients, projectId, () => true, 'the offers');
          return listed.find((o) => o.state === 'offered' && !declined.has(o.matchId));
        },
        { timeoutMs: 30_000, intervalMs: 250, description: 'the next offer or project.unmatched' },
      );
      if (outcome === 'unmatched') break;
      declined.set(outcome.matchId, outcome.platformId);
      const answer = await clients
        .platform(outcome.platformId)
        .post(`/v1/matches/${outcome.matchId}/decision`, { decision: 'declined' });
      expect(answer.status, answer.text).toBe(200);
    }
    // Each centre was offered it once, and only once every centre had declined were staff told.
    expect(declined.size).toBeGreaterThan(0);
    expect(new Set(declined.values()).size).toBe(declined.size);
    const [row] = await outboxRows(stack, projectId, 'project.unmatched');
    expect((row?.event as { data?: { kinds?: string[] } } | undefined)?.data?.kinds).toEqual([
      'concept_verification_center',
    ]);
  }, 120_000);

  it('a growth project qualified three times at once gets one finance offer and one landing-park offer', async () => {
    const { projectId, title } = await qualifiedProject(clients, marker(), 'growth');
    const event = qualifiedEvent(projectId, title, 'growth');
    await Promise.all([
      sendJson(stack, matchingQueue(), event),
      sendJson(stack, matchingQueue(), event),
      sendJson(stack, matchingQueue(), event),
    ]);
    const offers = await offersWhen(clients, projectId, (o) => o.length >= 2, 'the two offers');
    expect(offers.map((o) => o.kind).sort()).toEqual(['finance', 'landing_park']);
    for (const offer of offers)
      expect(await arrivedOn(stack, offer.platformId, offer.matchId)).toHaveLength(1);
    // Both decline: their places are freed for the next run.
    for (const offer of offers) {
      const answer = await clients
        .platform(offer.platformId)
        .post(`/v1/matches/${offer.matchId}/decision`, { decision: 'declined' });
      expect(answer.status, answer.text).toBe(200);
    }
    await offersWhen(
      clients,
      projectId,
      (o) => o.filter((x) => x.state === 'declined').length === 2,
      'both declined',
    );
  }, 90_000);
});

describe('staff release an accepted match (match_released)', () => {
  it('returns the place, moves the project back to qualified and offers the next centre', async () => {
    const { projectId, title } = await qualifiedProject(clients, marker());
    await sendJson(stack, matchingQueue(), qualifiedEvent(projectId, title));
    const [offer] = await offersWhen(clients, projectId, (o) => o.length === 1, 'the offer');
    if (!offer) throw new Error('no offer');
    const offered = clients.platform(offer.platformId);
    const accepted = await offered.post(`/v1/matches/${offer.matchId}/decision`, { decision: 'accepted' });
    expect(accepted.status, accepted.text).toBe(200);
    expect((await staff.get(`/v1/projects/${projectId}`)).json.status).toBe('matched');

    // The reason is required; a platform may not release; only staff.
    expectProblem(await staff.post(`/v1/matches/${offer.matchId}/release`, {}), 400, 'body.reason');
    expectProblem(await offered.post(`/v1/matches/${offer.matchId}/release`, { reason: '撤回' }), 403);
    const released = await staff.post(`/v1/matches/${offer.matchId}/release`, { reason: '平台场地调整' });
    expect(released.status, released.text).toBe(200);
    expect(released.json).toMatchObject({ state: 'released', releaseReason: '平台场地调整' });
    expectProblem(await staff.post(`/v1/matches/${offer.matchId}/release`, { reason: '再次' }), 409);

    // The project is qualified again (the returned place is counted exactly in matching-platforms.test.ts, on a
    // stack of its own: here other files move the shared platforms' counters too).
    expect((await staff.get(`/v1/projects/${projectId}`)).json.status).toBe('qualified');
    const history = (await staff.get(`/v1/projects/${projectId}`)).json.history as { type: string }[];
    expect(history.map((h) => h.type)).toEqual(expect.arrayContaining(['match.released']));
    const rows = await scanTable(
      stack,
      (i) => i.pk === `PROJECT#${projectId}` && i.sk === `OFFER#${offer.matchId}`,
    );
    expect(rows.map((r) => r.state)).toEqual(['released']);
    // match.released sends matching on: the next centre (not the released one) is offered the project, or,
    // with none left, staff are told.
    await waitFor(
      async () => {
        const listed = await offersWhen(clients, projectId, () => true, 'the offers');
        if (listed.some((o) => o.matchId !== offer.matchId && o.state === 'offered')) return true;
        return (await outboxRows(stack, projectId, 'project.unmatched')).length > 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the next offer after the release' },
    );
    const next = (await offersWhen(clients, projectId, () => true, 'the offers')).find(
      (o) => o.matchId !== offer.matchId,
    );
    if (next) expect(next.platformId).not.toBe(offer.platformId);
  }, 90_000);
});

describe('GET /v1/matches pages', () => {
  it('walks a platform listing with limit and cursor, and refuses a cursor from another listing', async () => {
    // Two offers on one centre's listing at least (this test's own), so there is a second page to walk to.
    const created = await Promise.all([
      qualifiedProject(clients, marker()),
      qualifiedProject(clients, marker()),
    ]);
    for (const { projectId, title } of created)
      await sendJson(stack, matchingQueue(), qualifiedEvent(projectId, title));
    const offers = await Promise.all(
      created.map(({ projectId }) => offersWhen(clients, projectId, (o) => o.length > 0, 'an offer')),
    );
    const platformId = offers[0]?.[0]?.platformId ?? '';
    const first = await staff.get(`/v1/matches?platformId=${platformId}&limit=1`);
    expect(first.status, first.text).toBe(200);
    expect(first.json.items).toHaveLength(1);
    expect(typeof first.json.cursor).toBe('string');
    const second = await staff.get(
      `/v1/matches?platformId=${platformId}&limit=1&cursor=${first.json.cursor}`,
    );
    expect(second.status, second.text).toBe(200);
    expect(second.json.items).toHaveLength(1);
    expect(second.json.items[0].matchId).not.toBe(first.json.items[0].matchId);
    // Newest first: match ids sort by time.
    expect(second.json.items[0].matchId < first.json.items[0].matchId).toBe(true);
    // The platform's own listing is the same partition; staff's all-offers listing is another.
    const own = await clients.platform(platformId).get('/v1/matches?limit=1');
    expect(own.json.items[0].platformId).toBe(platformId);
    expectProblem(await staff.get(`/v1/matches?limit=1&cursor=${first.json.cursor}`), 400, 'query.cursor');
    expectProblem(await staff.get('/v1/matches?limit=0'), 400, 'query.limit');
    const all = await staff.get('/v1/matches?limit=5&kind=concept_verification_center');
    expect(all.status, all.text).toBe(200);
    expect((all.json.items as StoredOffer[]).every((o) => o.kind === 'concept_verification_center')).toBe(
      true,
    );
  }, 90_000);
});

describe('the platform message check (every test that reads a platform queue uses it)', () => {
  it('fails a message that does not match the published schema, naming the problem', async () => {
    const [example] = (
      (await (await fetch(`${stack.apiUrl}/v1/asyncapi.json`)).json()) as {
        components: { messages: { matchOffered: { examples: { payload: unknown }[] } } };
      }
    ).components.messages.matchOffered.examples;
    await expect(checkPlatformMessage(stack.apiUrl, example?.payload)).resolves.toMatchObject({
      type: 'match.offered',
    });
    await expect(
      checkPlatformMessage(stack.apiUrl, { type: 'match.offered', version: 1, data: { schemaVersion: 2 } }),
    ).rejects.toThrow(PlatformMessageInvalid);
  });
});
