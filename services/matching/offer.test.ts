import type { StoredProject, TransactItem } from '@wuhan/aws';
import {
  type DomainEvent,
  defaultVersion,
  type EvaluationMeans,
  type OfferRecord,
  type PlatformProfile,
} from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { type OfferPorts, offerDeadlineId, offerProject } from './offer.js';
import type { MatchState } from './store.js';

process.env.TABLE_NAME ??= 'main';
const now = new Date('2026-03-02T02:00:00.000Z'); // 10:00 in Shanghai, 2 March

const means: EvaluationMeans = {
  demand: 8,
  disruptiveness: 9,
  producibility: 7,
  plan: 8,
  capability: 8,
  returns: 7,
  risk: 7,
  overall: 7.8,
};

const project = (stage: StoredProject['stage'], status = 'qualified') =>
  ({
    id: 'prj_q',
    title: '量子精密测量仪',
    summary: '室温量子传感',
    techField: 'quantum',
    stage,
    leadOrganization: '武汉量子科技有限公司',
    district: 'hongshan',
    status,
    commissionerId: 'com_1',
    version: 3,
  }) as unknown as StoredProject;

const platform = (platformId: string, over: Partial<PlatformProfile> = {}): PlatformProfile => ({
  role: 'platform',
  id: `plt_${platformId}`,
  name: platformId,
  locale: 'zh-CN',
  platformId,
  kind: 'concept_verification_center',
  techFields: 'all',
  capacity: 5,
  district: 'hongshan',
  ...over,
});

interface Committed {
  writes: readonly TransactItem[];
  events: readonly DomainEvent[];
}

function fakePorts(state: {
  project: StoredProject;
  platforms: PlatformProfile[];
  offers?: OfferRecord[];
  unmatchedTold?: MatchState['unmatchedTold'];
}): OfferPorts & { committed: Committed[] } {
  const committed: Committed[] = [];
  return {
    committed,
    tableName: 'main',
    now,
    getProject: async () => state.project,
    matchState: async () => ({ offers: state.offers ?? [], unmatchedTold: state.unmatchedTold ?? {} }),
    platforms: async () => state.platforms,
    platformsWithQueue: state.platforms.map((p) => p.platformId),
    parameters: async () => defaultVersion('matching', new Date('2025-01-25T00:00:00Z')),
    commissioner: async (id) => ({
      role: 'commissioner',
      id,
      name: '王专员',
      email: 'wang@example.org',
      locale: 'zh-CN',
      district: 'hongshan',
      openProjects: 1,
    }),
    commit: async (writes, events) => {
      committed.push({ writes, events });
    },
  };
}

/** One transaction's decisions, by name: offers written, places taken and freed, deadlines, messages. */
function decisions(c: Committed | undefined) {
  const puts = (c?.writes ?? []).flatMap((w) => (w.Put ? [w.Put.Item as Record<string, unknown>] : []));
  const updates = (c?.writes ?? []).flatMap((w) => (w.Update ? [w.Update] : []));
  return {
    offers: puts.filter((i) => i.entity === 'offer').map((i) => [i.kind, i.platformId]),
    deadlines: puts.filter((i) => i.entity === 'deadline').map((i) => [i.eventType, i.dueAt]),
    placeTaken: updates.filter((u) => u.UpdateExpression === 'ADD openOffers :one').map((u) => u.Key?.pk),
    placeFreed: updates.filter((u) => u.UpdateExpression === 'ADD openOffers :minus').map((u) => u.Key?.pk),
    expired: updates.filter((u) => u.ExpressionAttributeValues?.[':to'] === 'expired').map((u) => u.Key?.sk),
    messages: (c?.events ?? []).map((e) => (e.type === 'match.offered' ? e.data.platformId : e.type)),
  };
}

const qualified = { kind: 'qualified', projectId: 'prj_q', means, correlationId: 'corr-1' } as const;

describe('offering a qualified project (issue 10 points 2 and 3)', () => {
  it('offers a gestation project to the best centre in one transaction: offer, place, deadline, message', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [
        platform('cvc-b'),
        platform('cvc-a', { district: 'jiangan' }),
        platform('pilot', { kind: 'pilot_platform' }),
      ],
    });
    const outcome = await offerProject(qualified, ports);

    expect(outcome).toMatchObject({ kind: 'offered', unmatchedKinds: [] });
    expect(ports.committed).toHaveLength(1);
    const d = decisions(ports.committed[0]);
    expect(d.offers).toEqual([['concept_verification_center', 'cvc-b']]);
    expect(d.placeTaken).toEqual(['PLATFORM#plt_cvc-b']);
    // Ten days to answer (the matching parameters' default): through 12 March, expiring at its end in Shanghai.
    expect(d.deadlines).toEqual([['offer.expired', '2026-03-12T16:00:00.000Z']]);
    expect(d.messages).toEqual(['cvc-b']);
  });

  it('sends the platform a self-contained message: the project, the means, the contact and how to answer', async () => {
    const ports = fakePorts({ project: project('gestation'), platforms: [platform('cvc')] });
    await offerProject(qualified, ports);
    const event = ports.committed[0]?.events[0];
    expect(event?.type).toBe('match.offered');
    if (event?.type !== 'match.offered') return;
    const matchId = event.data.matchId;
    expect(event.data).toMatchObject({
      schemaVersion: 1,
      projectId: 'prj_q',
      platformId: 'cvc',
      kind: 'concept_verification_center',
      stage: 'gestation',
      techField: 'quantum',
      title: '量子精密测量仪',
      summary: '室温量子传感',
      means,
      commissioner: { name: '王专员', email: 'wang@example.org' },
      offeredAt: now.toISOString(),
      respondBy: '2026-03-12',
      howToAnswer: { request: `POST /v1/matches/${matchId}/decision`, decisions: ['accepted', 'declined'] },
    });
    const deadline = ports.committed[0]?.writes.find((w) => w.Put?.Item?.entity === 'deadline');
    expect(deadline?.Put?.Item?.id).toBe(offerDeadlineId(matchId));
  });

  it('offers a growth project to a finance platform and a landing park at once', async () => {
    const ports = fakePorts({
      project: project('growth'),
      platforms: [platform('fund', { kind: 'finance' }), platform('park', { kind: 'landing_park' })],
    });
    await offerProject(qualified, ports);
    expect(decisions(ports.committed[0]).offers).toEqual([
      ['finance', 'fund'],
      ['landing_park', 'park'],
    ]);
  });

  it('stores the explanation with the offer (why this platform, why others were excluded)', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc'), platform('full', { capacity: 1, openOffers: 1 })],
    });
    await offerProject(qualified, ports);
    const offer = ports.committed[0]?.writes.find((w) => w.Put?.Item?.entity === 'offer')?.Put?.Item;
    expect(offer?.explanation).toMatchObject({
      ranked: [{ platformId: 'cvc', rank: 1 }],
      excluded: [{ platformId: 'full', reason: 'capacity_full' }],
    });
  });

  it('does not offer a kind again that already has a live offer (the same qualification heard twice)', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc'), platform('cvc-2')],
      offers: [liveOffer('cvc')],
    });
    expect(await offerProject(qualified, ports)).toEqual({
      kind: 'nothing_to_do',
      why: 'every kind already offered',
    });
    expect(ports.committed).toEqual([]);
  });

  it("moves the project's offer count from what it read, so a decision taken at once on the same reads fails", async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc-a', { openOffers: 1 }), platform('cvc-b')],
      offers: [liveOffer('cvc-a')],
    });
    await offerProject({ kind: 'expired', projectId: 'prj_q', matchId: 'mat_1', correlationId: 'c' }, ports);
    const guard = ports.committed[0]?.writes.find((w) => w.Update?.Key?.sk === 'OFFERCOUNT')?.Update;
    expect(guard?.Key).toEqual({ pk: 'PROJECT#prj_q', sk: 'OFFERCOUNT' });
    expect(guard?.ConditionExpression).toBe('attribute_not_exists(offersMade) OR offersMade = :read');
    // One offer read, one made (the next centre's).
    expect(guard?.ExpressionAttributeValues).toMatchObject({ ':read': 1, ':next': 2 });
  });

  it('does nothing for a project that is no longer qualified', async () => {
    const ports = fakePorts({ project: project('gestation', 'matched'), platforms: [platform('cvc')] });
    expect((await offerProject(qualified, ports)).kind).toBe('nothing_to_do');
  });

  it('on expiry frees the place and offers the next platform of that kind, never the same one again', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc-a', { openOffers: 1 }), platform('cvc-b')],
      offers: [liveOffer('cvc-a')],
    });
    await offerProject({ kind: 'expired', projectId: 'prj_q', matchId: 'mat_1', correlationId: 'c' }, ports);
    const d = decisions(ports.committed[0]);
    expect(d.expired).toEqual(['OFFER#mat_1']);
    expect(d.placeFreed).toEqual(['PLATFORM#plt_cvc-a']);
    expect(d.offers).toEqual([['concept_verification_center', 'cvc-b']]);
    // The commissioner hears of the expiry (match.expired) with the next offer, in the same transaction.
    expect(d.messages).toEqual(['match.expired', 'cvc-b']);
  });

  it('expires once when the deadline fires twice (the second finds the offer expired and does nothing)', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc-b')],
      offers: [
        { ...liveOffer('cvc-a'), state: 'expired' },
        { ...liveOffer('cvc-b'), matchId: 'mat_2' },
      ],
    });
    const outcome = await offerProject(
      { kind: 'expired', projectId: 'prj_q', matchId: 'mat_1', correlationId: 'c' },
      ports,
    );
    expect(outcome).toEqual({ kind: 'nothing_to_do', why: 'offer already answered' });
    expect(ports.committed).toEqual([]);
  });

  it('ignores an expiry of an offer already answered (a deadline that lost the race)', async () => {
    const ports = fakePorts({
      project: project('gestation', 'matched'),
      platforms: [platform('cvc-b')],
      offers: [{ ...liveOffer('cvc-a'), state: 'accepted' }],
    });
    const outcome = await offerProject(
      { kind: 'expired', projectId: 'prj_q', matchId: 'mat_1', correlationId: 'c' },
      ports,
    );
    expect(outcome.kind).toBe('nothing_to_do');
    expect(ports.committed).toEqual([]);
  });

  it('records an expiry with no platform left to offer, naming the kind left unmatched', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc-a', { openOffers: 1 })],
      offers: [liveOffer('cvc-a')],
    });
    const outcome = await offerProject(
      { kind: 'expired', projectId: 'prj_q', matchId: 'mat_1', correlationId: 'c' },
      ports,
    );
    expect(outcome).toEqual({
      kind: 'offered',
      matchIds: [],
      unmatchedKinds: ['concept_verification_center'],
    });
    expect(decisions(ports.committed[0])).toMatchObject({ expired: ['OFFER#mat_1'], offers: [] });
    // Staff are told nobody is left (project.unmatched, emailed by notification).
    expect(decisions(ports.committed[0]).messages).toEqual(['match.expired', 'project.unmatched']);
  });
});

function liveOffer(platformId: string): OfferRecord {
  return {
    matchId: 'mat_1',
    projectId: 'prj_q',
    platformId,
    platformProfileId: `plt_${platformId}`,
    kind: 'concept_verification_center',
    stage: 'gestation',
    state: 'offered',
    offeredAt: '2026-02-01T00:00:00.000Z',
    respondBy: '2026-02-11',
    means,
    explanation: { ranked: [], excluded: [], parameterVersion: 1 },
  };
}

describe('after a platform declines (match.declined)', () => {
  const declined = { kind: 'declined', projectId: 'prj_q', matchId: 'mat_1', correlationId: 'c' } as const;

  it('offers the next platform of the declined kind, never the one that declined', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc-a'), platform('cvc-b')],
      offers: [{ ...liveOffer('cvc-a'), state: 'declined' }],
    });
    await offerProject(declined, ports);
    const d = decisions(ports.committed[0]);
    expect(d.offers).toEqual([['concept_verification_center', 'cvc-b']]);
    // The answer API freed the place already: matching does not free it twice.
    expect(d.placeFreed).toEqual([]);
  });

  it('does nothing when that kind already has a live offer (the decline heard twice)', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc-a'), platform('cvc-b'), platform('cvc-c')],
      offers: [
        { ...liveOffer('cvc-a'), state: 'declined' },
        { ...liveOffer('cvc-b'), matchId: 'mat_2' },
      ],
    });
    expect((await offerProject(declined, ports)).kind).toBe('nothing_to_do');
    expect(ports.committed).toEqual([]);
  });
});

describe('after staff release an accepted match (match.released)', () => {
  const released = { kind: 'released', projectId: 'prj_q', matchId: 'mat_1', correlationId: 'c' } as const;

  it('offers the next platform of the released kind, never the released one, without freeing the place twice', async () => {
    const ports = fakePorts({
      project: project('gestation'),
      platforms: [platform('cvc-a'), platform('cvc-b')],
      offers: [{ ...liveOffer('cvc-a'), state: 'released' }],
    });
    await offerProject(released, ports);
    const d = decisions(ports.committed[0]);
    expect(d.offers).toEqual([['concept_verification_center', 'cvc-b']]);
    expect(d.placeFreed).toEqual([]);
  });

  it('does nothing for an offer that is not released (an event about another state)', async () => {
    const ports = fakePorts({
      project: project('gestation', 'matched'),
      platforms: [platform('cvc-b')],
      offers: [{ ...liveOffer('cvc-a'), state: 'accepted' }],
    });
    expect(await offerProject(released, ports)).toEqual({ kind: 'nothing_to_do', why: 'offer not released' });
    expect(ports.committed).toEqual([]);
  });
});
