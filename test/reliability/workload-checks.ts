import type { LocalStack } from '@wuhan/local-stack';
import { queueDepth, readInbox, receiveAll, scanTable, waitFor } from '@wuhan/testing';
import { topology } from '@wuhan/topology';
import { expect } from 'vitest';
import { z } from 'zod';
import { type OutboxEvent, outboxEvents, type Run, STEP_MS } from './workload.js';

/**
 * What "exactly once" means for each consumer, checked after a faulted run has settled. Keyed by the topology's
 * consumer names: faults.test.ts fails for a consumer without a line here.
 */
export const exactlyOnce: Record<string, (stack: LocalStack, run: Run) => Promise<void>> = {
  relay: relayOnce,
  notification: notificationOnce,
  targets: targetsOnce,
  evaluation: evaluationOnce,
  matching: matchingOnce,
  subsidy: subsidyOnce,
};

const consumedQueues = topology.queues
  .filter((q) => topology.functions.some((f) => f.name === q.consumer))
  .map((q) => q.name);

/**
 * Waits until the run is done with: every consumed queue empty (nothing visible, nothing in flight) and the
 * outbox unchanged over three looks a second apart, so faulted messages coming back have been handled.
 */
export async function settled(stack: LocalStack, run: Run): Promise<void> {
  let quiet = 0;
  let lastOutbox = -1;
  await waitFor(
    async () => {
      const depths = await Promise.all(
        consumedQueues.map((q) => queueDepth(stack.info, stack.info.queues[q] ?? '')),
      );
      const outbox = (await outboxEvents(stack)).length;
      const idle = depths.every((d) => d.visible === 0 && d.inFlight === 0) && outbox === lastOutbox;
      lastOutbox = outbox;
      quiet = idle ? quiet + 1 : 0;
      return quiet >= 3;
    },
    { timeoutMs: STEP_MS, intervalMs: 1000, description: `run ${run.marker} to settle` },
  );
  // One project per nomination (the intake's, behind the faulted pipeline: retried calls never made a second).
  const projects = await scanTable(
    stack.info,
    (i) => i.sk === 'PROJECT' && String(i.title ?? '').includes(run.marker),
  );
  expect(projects.map((p) => String(p.pk).slice('PROJECT#'.length)).sort()).toEqual(
    run.projects.map((p) => p.projectId).sort(),
  );
}

const ofRun = (run: Run) => {
  const ids = new Set(run.projects.map((p) => p.projectId));
  return (e: OutboxEvent) => ids.has(e.subject.id);
};

/** How many of `events` have each key; every count must be one. */
function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
const notOnce = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 1));

const platformMessage = z.object({
  id: z.string(),
  type: z.literal('match.offered'),
  data: z.object({ matchId: z.string(), projectId: z.string() }),
});

/**
 * The relay: every offer reaches its platform's own queue as one event (the relay is at least once, so a
 * faulted batch may send it twice; the platform de-duplicates on the event id, as the AsyncAPI document says,
 * and no offer may ever travel as two different events).
 */
async function relayOnce(stack: LocalStack, run: Run): Promise<void> {
  const offered = (await outboxEvents(stack)).filter((e) => e.type === 'match.offered' && ofRun(run)(e));
  expect(offered.length).toBeGreaterThan(0);
  const projectIds = new Set(run.projects.map((p) => p.projectId));
  const messages = (
    await Promise.all(
      Object.values(stack.info.platformQueues).map((url) => receiveAll(stack.info, url, { waitSeconds: 1 })),
    )
  )
    .flat()
    .map((m) => platformMessage.parse(JSON.parse(m.Body ?? '{}')))
    .filter((m) => projectIds.has(m.data.projectId));
  const eventsPerOffer = new Map<string, Set<string>>();
  for (const m of messages)
    eventsPerOffer.set(m.data.matchId, (eventsPerOffer.get(m.data.matchId) ?? new Set()).add(m.id));
  for (const event of offered) {
    const matchId = z.string().parse(event.data.matchId);
    expect([...(eventsPerOffer.get(matchId) ?? [])], `offer ${matchId} on its platform queue`).toEqual([
      event.id,
    ]);
  }
  expect(eventsPerOffer.size).toBe(offered.length);
}

const recipientClaim = z.object({ state: z.string() });

/**
 * The sent claims of one claims item: one recipient per `to:<role>#<id>` attribute on the event's item (issue
 * 13's layout), or the older item per recipient with its own `state`.
 */
function sentClaims(item: Record<string, unknown>): number {
  const perRecipient = Object.entries(item).filter(([name]) => name.startsWith('to:'));
  if (perRecipient.length > 0)
    return perRecipient.filter(([, claim]) => recipientClaim.parse(claim).state === 'sent').length;
  return recipientClaim.safeParse(item).data?.state === 'sent' ? 1 : 0;
}

/**
 * Notification: one email per recipient and event. The inbox holds exactly as many of the run's emails as
 * there are sent mail claims for the run's events (a second send of a claimed email would be one more), none
 * twice, and the ones every project must have: the partner's acknowledgement and each panel member's invitation.
 */
async function notificationOnce(stack: LocalStack, run: Run): Promise<void> {
  const eventIds = new Set((await outboxEvents(stack)).filter(ofRun(run)).map((e) => e.id));
  const sent = (
    await scanTable(
      stack.info,
      (i) => String(i.pk).startsWith('MAIL#') && eventIds.has(String(i.pk).slice('MAIL#'.length)),
    )
  ).reduce((n, item) => n + sentClaims(item), 0);
  const emails = (await readInbox(stack.info)).filter((e) => e.subject.includes(run.marker));
  const duplicates = notOnce(
    countBy(emails, (e) => `${e.destination.to.join(',')} | ${e.subject} | ${e.body.text ?? e.body.html}`),
  );
  expect(duplicates, 'emails sent twice').toEqual({});
  expect(emails.length, 'emails of the run = mail claims sent for its events').toBe(sent);
  for (const p of run.projects) {
    const subjects = emails.map((e) => e.subject);
    expect(
      subjects.filter((s) => s === `【颠覆性技术】推荐已受理：${p.title}`),
      p.title,
    ).toHaveLength(1);
    // In each expert's language (a seeded expert of the field reads English).
    const invited = emails.filter(
      (e) => e.subject.includes(`评审邀请：${p.title}`) || e.subject.includes(`Review request: ${p.title}`),
    );
    expect(new Set(invited.flatMap((e) => e.destination.to)).size, `${p.title} invitations`).toBe(3);
    expect(invited, `${p.title} invitations`).toHaveLength(3);
  }
}

/** Targets: each project counted once as cultivated (qualified) and once as entered in the national library. */
async function targetsOnce(stack: LocalStack, run: Run): Promise<void> {
  const ids = new Set(run.projects.map((p) => p.projectId));
  const counted = await scanTable(
    stack.info,
    (i) => String(i.pk).startsWith('TARGET#') && ids.has(String(i.projectId ?? i.sk)),
  );
  const byTarget = countBy(counted, (i) => `${i.pk} ${i.projectId ?? i.sk}`);
  expect(Object.keys(byTarget).sort()).toEqual(
    run.projects
      .flatMap((p) => [`TARGET#cultivated ${p.projectId}`, `TARGET#nationalLibrary ${p.projectId}`])
      .sort(),
  );
  expect(notOnce(byTarget)).toEqual({});
}

const reviewItem = z.object({ expertId: z.string(), state: z.string() });

/** Evaluation: one panel round of three (one assignment event), one outcome per project. */
async function evaluationOnce(stack: LocalStack, run: Run): Promise<void> {
  const events = (await outboxEvents(stack)).filter(ofRun(run));
  for (const p of run.projects) {
    const mine = events.filter((e) => e.subject.id === p.projectId);
    const count = (type: string, where: (e: OutboxEvent) => boolean = () => true) =>
      mine.filter((e) => e.type === type && where(e)).length;
    expect(count('evaluation.assigned'), `${p.title}: panels assigned`).toBe(1);
    expect(count('evaluation.review_submitted'), `${p.title}: reviews submitted`).toBe(3);
    expect(count('project.qualified'), `${p.title}: outcomes`).toBe(1);
    expect(
      count('project.status_changed', (e) => e.data.to === 'qualified'),
      `${p.title}: moved to qualified`,
    ).toBe(1);
    const reviews = (
      await scanTable(
        stack.info,
        (i) => i.pk === `PROJECT#${p.projectId}` && String(i.sk).startsWith('REVIEW#'),
      )
    ).map((i) => reviewItem.parse(i));
    expect(reviews.map((r) => r.state)).toEqual(['submitted', 'submitted', 'submitted']);
    expect(new Set(reviews.map((r) => r.expertId)).size).toBe(3);
  }
}

const offerItem = z.object({
  matchId: z.string(),
  platformId: z.string(),
  kind: z.string(),
  state: z.string(),
});

/**
 * Matching and its deadlines: per project, one offer per kind at a time, each to another platform, each offered
 * and expired once (its deadline fired once), and nobody-left said once per kind.
 */
async function matchingOnce(stack: LocalStack, run: Run): Promise<void> {
  const events = (await outboxEvents(stack)).filter(ofRun(run));
  for (const p of run.projects) {
    const mine = events.filter((e) => e.subject.id === p.projectId);
    const offers = (
      await scanTable(stack.info, (i) => i.pk === `PROJECT#${p.projectId}` && i.entity === 'offer')
    ).map((i) => offerItem.parse(i));
    const perKind = countBy(offers, (o) => o.kind);
    // Gestation: the two centres in turn; growth: the one finance platform and the one park.
    expect(perKind, p.title).toEqual(
      p.stage === 'gestation' ? { concept_verification_center: 2 } : { finance: 1, landing_park: 1 },
    );
    expect(new Set(offers.map((o) => o.platformId)).size, `${p.title}: platforms`).toBe(offers.length);
    expect(
      offers.every((o) => o.state === 'expired'),
      `${p.title}: offers expired`,
    ).toBe(true);
    const offeredEvents = countBy(
      mine.filter((e) => e.type === 'match.offered'),
      (e) => String(e.data.matchId),
    );
    const expiredEvents = countBy(
      mine.filter((e) => e.type === 'offer.expired'),
      (e) => String(e.data.matchId),
    );
    expect(Object.keys(offeredEvents).sort()).toEqual(offers.map((o) => o.matchId).sort());
    expect(notOnce(offeredEvents), `${p.title}: offered twice`).toEqual({});
    expect(Object.keys(expiredEvents).sort()).toEqual(offers.map((o) => o.matchId).sort());
    expect(notOnce(expiredEvents), `${p.title}: expired twice`).toEqual({});
    const unmatched = countBy(
      mine
        .filter((e) => e.type === 'project.unmatched')
        .flatMap((e) => z.array(z.string()).parse(e.data.kinds)),
      (k) => k,
    );
    expect(unmatched, `${p.title}: nobody left, said once per kind`).toEqual(
      Object.fromEntries(p.kinds.map((k) => [k, 1])),
    );
    const deadlines = await scanTable(stack.info, (i) =>
      offers.some((o) => i.pk === `DEADLINE#offer:${o.matchId}`),
    );
    expect(deadlines.map((d) => d.state)).toEqual(offers.map(() => 'fired'));
  }
}

const claimItem = z.object({
  status: z.string(),
  assessment: z.object({
    awardFen: z.number().int(),
    caps: z.array(
      z.object({ key: z.string(), usedBeforeFen: z.number().int(), usedAfterFen: z.number().int() }),
    ),
  }),
});
const capItem = z.object({ limitFen: z.number().int(), usedFen: z.number().int() });

/**
 * Subsidy: each claim assessed once (one `subsidy.computed`, never also ineligible) and reserved once. Per
 * project, its claims' reservations chain on the project cap (0 → a → a + b: a lost or repeated reservation
 * breaks the chain), the cap's usage is the sum of the awards, the two claims together are bound by the cap, and
 * the cap's warning and reached events are said once.
 */
async function subsidyOnce(stack: LocalStack, run: Run): Promise<void> {
  expect(run.claims.length).toBeGreaterThan(0);
  const claimIds = new Set(run.claims.map((c) => c.claimId));
  const events = (await outboxEvents(stack)).filter((e) => claimIds.has(String(e.data.claimId)));
  const perClaim = (type: string) =>
    countBy(
      events.filter((e) => e.type === type),
      (e) => String(e.data.claimId),
    );
  expect(perClaim('subsidy.computed'), 'one subsidy.computed per claim').toEqual(
    Object.fromEntries(run.claims.map((c) => [c.claimId, 1])),
  );
  expect(perClaim('subsidy.ineligible'), 'no claim ineligible').toEqual({});
  const claims = await scanTable(
    stack.info,
    (i) => i.sk === 'CLAIM' && claimIds.has(String(i.pk).slice('SUBSIDY_CLAIM#'.length)),
  );
  const assessed = new Map(
    claims.map((i) => [String(i.pk).slice('SUBSIDY_CLAIM#'.length), claimItem.parse(i)] as const),
  );
  for (const p of run.projects) {
    const mine = run.claims.filter((c) => c.projectId === p.projectId);
    const capKey = `grant_to_equity#project:${p.projectId}`;
    const reservations = mine
      .map((c) => {
        const claim = assessed.get(c.claimId);
        expect(claim?.status, `${c.claimId}: assessed`).toBe('computed');
        const caps = claim?.assessment.caps.filter((k) => k.key === capKey) ?? [];
        expect(caps, `${c.claimId}: one reservation on ${capKey}`).toHaveLength(1);
        const [cap] = caps;
        expect(cap && cap.usedAfterFen - cap.usedBeforeFen, `${c.claimId}: reserved its award`).toBe(
          claim?.assessment.awardFen,
        );
        return cap ?? { key: capKey, usedBeforeFen: -1, usedAfterFen: -1 };
      })
      .sort((a, b) => a.usedBeforeFen - b.usedBeforeFen);
    const [capRow] = await scanTable(stack.info, (i) => i.pk === `SUBSIDY_CAP#${capKey}`);
    const cap = capItem.parse(capRow);
    const chain = reservations.map((r) => [r.usedBeforeFen, r.usedAfterFen]);
    // Each reservation starts where the one before ended, from 0.
    const expected: number[][] = [];
    for (const r of reservations) {
      const before = expected.at(-1)?.[1] ?? 0;
      expected.push([before, before + (r.usedAfterFen - r.usedBeforeFen)]);
    }
    expect(chain, `${p.title}: reservations chained on the project cap`).toEqual(expected);
    const awards = reservations.reduce((n, r) => n + (r.usedAfterFen - r.usedBeforeFen), 0);
    expect(cap.usedFen, `${p.title}: cap usage = sum of awards`).toBe(awards);
    const requested = mine.reduce((n, c) => n + c.requestedFen, 0);
    expect(awards, `${p.title}: bound by the project cap`).toBe(Math.min(requested, cap.limitFen));
    const crossings = countBy(
      events.filter((e) => e.type.startsWith('subsidy.cap_') && e.data.capKey === capKey),
      (e) => e.type,
    );
    expect(crossings, `${p.title}: cap crossings said once`).toEqual({
      'subsidy.cap_warning': 1,
      'subsidy.cap_reached': 1,
    });
  }
}
