import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '@wuhan/domain';
import type { Credentials, LocalStack, StackInfo } from '@wuhan/local-stack';
import {
  api,
  credentialFor,
  eventRows,
  queueDepth,
  scanTable,
  secondStack,
  sendJson,
  waitFor,
} from '@wuhan/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { intakeClients, marker, nomination, outboxRows } from './intake-helpers.js';
import { matchingClients, offersWhen, qualifiedEvent, qualifiedProject } from './matching-helpers.js';
import { claimIdOf, rewardClaim, subsidyClients } from './subsidy-helpers.js';

/**
 * Issue 12's standing promise for the consumers added with the decision chain: an event delivered three times,
 * also at once, has one effect. (Notification's is in notification.test.ts, the relay's in relay-replay.test.ts.)
 */
// On a stack of its own: each test shows "one effect" by its consumer's queue draining, which the shared stack's
// queues never do while other files flood them (fifty subsidy claims at once, hundreds of nominations).
const shared = inject('stack');
let own: LocalStack;
let stack: StackInfo;
let credentials: Credentials;
let partnerA: ReturnType<typeof intakeClients>['partnerA'];
let staff: ReturnType<typeof api>;
let subsidy: ReturnType<typeof subsidyClients>;
const WAN = 1_000_000;

beforeAll(async () => {
  own = await secondStack(shared, { stateDir: await mkdtemp(join(tmpdir(), 'duplicates-')) });
  stack = own.info;
  credentials = own.credentials;
  partnerA = intakeClients(stack, credentials).partnerA;
  staff = api(stack, credentialFor(credentials, 'staff').key);
  subsidy = subsidyClients(stack, credentials);
}, 120_000);
afterAll(async () => {
  await own?.stop();
});

async function outboxEvent(
  projectId: string,
  type: string,
  where: (e: EventEnvelope) => boolean = () => true,
) {
  return waitFor(
    async () => {
      const rows = await eventRows(stack);
      const row = rows
        .map((r) => r.event as EventEnvelope)
        .find((e) => e.type === type && e.subject.id === projectId && where(e));
      return row;
    },
    { timeoutMs: 15_000, intervalMs: 250, description: `the ${type} outbox row` },
  );
}

async function drained(queue: string) {
  const url = stack.queues[queue] ?? '';
  await waitFor(
    async () => {
      const depth = await queueDepth(stack, url);
      return depth.visible === 0 && depth.inFlight === 0 ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, description: `the ${queue} queue to drain` },
  );
}

/** Event rows (history, the outbox) of one type about one subsidy claim. */
async function claimOutbox(claimId: string, type: string) {
  return (await eventRows(stack, type)).filter(
    (i) => (i.event as EventEnvelope | undefined)?.subject.id === claimId,
  );
}

describe('an event delivered three times has one effect', () => {
  it('evaluation: a project entering review thrice, at once, gets one panel', async () => {
    // Experts of its field with nothing open, so the panel fills however busy the seeded experts are.
    const sectors = ['science', 'industry', 'economy'] as const;
    for (const sector of sectors) {
      const expert = await staff.post('/v1/experts', {
        name: `重复投递专家 ${sector}`,
        email: `dup-${sector}-${marker().toLowerCase()}@example.cn`,
        organization: `重复投递专家单位 ${sector} ${marker()}`,
        sector,
        techFields: ['quantum'],
      });
      expect(expert.status, expert.text).toBe(201);
    }
    const created = await partnerA.post(
      '/v1/nominations',
      nomination(marker(), { techField: 'quantum', leadOrganization: `重复投递研究所 ${marker()}` }),
    );
    expect(created.status, created.text).toBe(202);
    const projectId = created.json.projectId as string;
    const passed = await staff.post(`/v1/projects/${projectId}/screening`, { decision: 'pass' });
    expect(passed.status, passed.text).toBe(200);
    const entered = await outboxEvent(
      projectId,
      'project.status_changed',
      (e) => (e.data as { to?: string }).to === 'under_review',
    );
    const queue = stack.queues.evaluation ?? '';
    await Promise.all([
      sendJson(stack, queue, entered),
      sendJson(stack, queue, entered),
      sendJson(stack, queue, entered),
    ]);
    await drained('evaluation');

    const reviews = await waitFor(
      async () => {
        const rows = await scanTable(
          stack,
          (i) => i.pk === `PROJECT#${projectId}` && String(i.sk).startsWith('REVIEW#'),
        );
        return rows.length >= 3 ? rows : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the panel' },
    );
    expect(reviews).toHaveLength(3);
    const evaluation = await staff.get(`/v1/projects/${projectId}/evaluation`);
    expect(evaluation.status, evaluation.text).toBe(200);
    expect(evaluation.json.rounds).toHaveLength(1);
  });

  it('targets: a library entry delivered thrice, at once, counts once', async () => {
    const projectId = `prj_${randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase()}`;
    const event = {
      id: `evt_${randomUUID()}`,
      type: 'project.milestone_recorded',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `dup-${projectId}`,
      actor: { role: 'staff', id: 'stf-dup' },
      subject: { kind: 'project', id: projectId },
      data: {
        projectId,
        title: '重复投递测试',
        district: 'wuchang',
        milestone: { type: 'national_library_entered', date: '2026-06-01', reference: `ref-${projectId}` },
      },
    };
    const queue = stack.queues.targets ?? '';
    await Promise.all([
      sendJson(stack, queue, event),
      sendJson(stack, queue, event),
      sendJson(stack, queue, event),
    ]);
    await drained('targets');
    const counted = await waitFor(
      async () => {
        const rows = await scanTable(stack, (i) => i.pk === 'TARGET#nationalLibrary' && i.sk === projectId);
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the library entry counted' },
    );
    expect(counted).toHaveLength(1);
    const progress = await staff.get('/v1/programme/targets');
    const library = (progress.json.targets as { target: string; projectIds: string[] }[]).find(
      (t) => t.target === 'nationalLibrary',
    );
    expect(library?.projectIds.filter((id) => id === projectId)).toHaveLength(1);
  });

  it('matching: a project qualified thrice, at once, gets one offer per kind', async () => {
    const clients = matchingClients(stack, credentials);
    const { projectId, title } = await qualifiedProject(clients, marker());
    const event = qualifiedEvent(projectId, title);
    const queue = stack.queues.matching ?? '';
    await Promise.all([
      sendJson(stack, queue, event),
      sendJson(stack, queue, event),
      sendJson(stack, queue, event),
    ]);
    // The same qualification again under another event id (evaluation heard twice): still one offer.
    await sendJson(stack, queue, { ...event, id: `evt_${randomUUID()}` });
    await offersWhen(clients, projectId, (o) => o.length > 0, 'the offer');
    await drained('matching');
    const offers = await offersWhen(clients, projectId, () => true, 'the offers');
    expect(offers.map((o) => o.kind)).toEqual(['concept_verification_center']);
  });

  it("matching: an offer's deadline firing twice expires it once", async () => {
    const clients = matchingClients(stack, credentials);
    const { projectId, title } = await qualifiedProject(clients, marker());
    await sendJson(stack, stack.queues.matching ?? '', qualifiedEvent(projectId, title));
    const [offer] = await offersWhen(clients, projectId, (o) => o.length === 1, 'the offer');
    if (!offer) throw new Error('no offer');
    // offer.expired as the sweeper publishes it, fired twice (two event ids for one deadline), one of them
    // delivered twice.
    const fired = (id: string) => ({
      id,
      type: 'offer.expired',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `dup-${projectId}`,
      actor: { role: 'system', id: 'deadlines' },
      subject: { kind: 'project', id: projectId },
      data: {
        deadlineId: `offer:${offer.matchId}`,
        dueAt: new Date().toISOString(),
        matchId: offer.matchId,
        projectId,
        platformId: offer.platformId,
        kind: offer.kind,
      },
    });
    const first = fired(`evt_${randomUUID()}`);
    const queue = stack.queues.matching ?? '';
    await Promise.all([
      sendJson(stack, queue, first),
      sendJson(stack, queue, first),
      sendJson(stack, queue, fired(`evt_${randomUUID()}`)),
    ]);
    await offersWhen(
      clients,
      projectId,
      (o) => o.find((x) => x.matchId === offer.matchId)?.state === 'expired',
      'the offer expired',
    );
    await drained('matching');
    // One expiry: one match.expired, one place freed, one next offer (or, with no centre left, one unmatched).
    expect(await outboxRows(stack, projectId, 'match.expired')).toHaveLength(1);
    const after = await offersWhen(clients, projectId, () => true, 'the offers');
    const replacements = after.filter((o) => o.matchId !== offer.matchId);
    const unmatched = await outboxRows(stack, projectId, 'project.unmatched');
    expect(replacements.length + unmatched.length).toBe(1);
  });

  it('matching: a qualification with nobody left, heard under three event ids at once, tells staff once', async () => {
    const clients = matchingClients(stack, credentials);
    // No configured pilot platform serves quantum (config/platforms.json): a sprouting quantum project has nobody.
    const { projectId, title } = await qualifiedProject(clients, marker(), 'sprouting');
    const event = qualifiedEvent(projectId, title, 'sprouting');
    const queue = stack.queues.matching ?? '';
    // Three event ids (evaluation heard thrice): the inbox cannot tell them apart, only matching's own mark can.
    await Promise.all([1, 2, 3].map(() => sendJson(stack, queue, { ...event, id: `evt_${randomUUID()}` })));
    await waitFor(
      async () => ((await outboxRows(stack, projectId, 'project.unmatched')).length > 0 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 250, description: 'project.unmatched' },
    );
    await drained('matching');
    const rows = await outboxRows(stack, projectId, 'project.unmatched');
    expect(rows.map((r) => (r.event as EventEnvelope).data)).toEqual([
      expect.objectContaining({ projectId, kinds: ['pilot_platform'] }),
    ]);
    expect(await offersWhen(clients, projectId, () => true, 'the offers')).toEqual([]);
  });

  it('subsidy: a claim message delivered twice more at once, and as a copy under a new id, reserves once', async () => {
    const manager = await subsidy.newManager();
    const projectId = await subsidy.qualifiedProject();
    const code = await subsidy.landedEnterprise(projectId);
    const claimId = claimIdOf(await manager.client.post('/v1/subsidy-claims', rewardClaim(code, 200 * WAN)));
    const [received] = await waitFor(
      async () => {
        const rows = await claimOutbox(claimId, 'subsidy.claim_received');
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'the claim_received outbox row' },
    );
    const event = received?.event as EventEnvelope;
    // The relay delivered it once; twice more at once, and once as a copy under a new event id (which the inbox
    // cannot recognise: only the claim's own `received` condition keeps it from reserving again).
    const queue = stack.queues.subsidy ?? '';
    const copyId = `${event.id}-copy`;
    await Promise.all([
      sendJson(stack, queue, event),
      sendJson(stack, queue, event),
      sendJson(stack, queue, { ...event, id: copyId }),
    ]);
    await drained('subsidy');
    const claim = await subsidy.assessed(claimId);
    expect(claim.awardFen).toBe(30 * WAN);
    // Each event id is recorded processed, also the delivery that lost the race to the other.
    const inbox = await waitFor(
      async () => {
        const rows = await scanTable(
          stack,
          (i) => i.pk === `INBOX#subsidy#${event.id}` || i.pk === `INBOX#subsidy#${copyId}`,
        );
        return rows.length === 2 ? rows : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'both event ids recorded processed' },
    );
    expect(inbox.map((i) => i.state)).toEqual(['processed', 'processed']);
    const caps = await scanTable(stack, (i) =>
      String(i.pk).startsWith(`SUBSIDY_CAP#equity_investment_reward#manager:${manager.id}#`),
    );
    expect(caps.map((c) => c.usedFen)).toEqual([30 * WAN, 30 * WAN]);
    expect(await claimOutbox(claimId, 'subsidy.computed')).toHaveLength(1);
  });
});
