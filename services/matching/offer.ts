import { deadlineSet, type StoredProject, type TransactItem } from '@wuhan/aws';
import {
  addDays,
  type CalendarDate,
  type CommissionerProfile,
  type DomainEvent,
  type EvaluationMeans,
  howToAnswer,
  matchExpiredEvent,
  matchOfferedEvent,
  newDeadline,
  newEventOf,
  newId,
  type OfferRecord,
  type ParameterVersion,
  type PlatformKind,
  type PlatformProfile,
  projectUnmatchedEvent,
  rankPlatforms,
  stages,
  today,
} from '@wuhan/domain';
import {
  offerAnswer,
  offerCountMove,
  offerPut,
  platformLoadDecrement,
  platformLoadIncrement,
  type UnmatchedRound,
} from './items.js';
import type { MatchState } from './store.js';

/**
 * Offering a qualified project to platforms (issue 10 points 2 and 3): rank, then in ONE transaction write each
 * offer, take a place of its platform, set its respond-by deadline and publish `match.offered` (which the relay
 * puts on that platform's queue only). An expired offer frees its place and the next platform of its kind is
 * offered in the same transaction.
 */

export const MATCHING_ACTOR = { role: 'system', id: 'matching' } as const;

export interface OfferPorts {
  tableName: string;
  now: Date;
  getProject(projectId: string): Promise<StoredProject | undefined>;
  /** Every offer the project ever had, and the rounds staff were told a kind had nobody left (strongly consistent). */
  matchState(projectId: string): Promise<MatchState>;
  platforms(): Promise<PlatformProfile[]>;
  /** The platformIds that have a queue (the deployment's configuration): no other platform can be offered. */
  platformsWithQueue: readonly string[];
  parameters(date: CalendarDate): Promise<ParameterVersion<'matching'>>;
  commissioner(id: string): Promise<CommissionerProfile | undefined>;
  commit(writes: readonly TransactItem[], events: readonly DomainEvent[]): Promise<unknown>;
}

export type OfferTrigger =
  | { kind: 'qualified'; projectId: string; means: EvaluationMeans; correlationId: string }
  | { kind: 'expired'; projectId: string; matchId: string; correlationId: string }
  | { kind: 'declined'; projectId: string; matchId: string; correlationId: string }
  | { kind: 'released'; projectId: string; matchId: string; correlationId: string };

export type OfferOutcome =
  | { kind: 'offered'; matchIds: string[]; unmatchedKinds: PlatformKind[] }
  | { kind: 'nothing_to_do'; why: string };

/** The offer's deadline: its business key, so setting it twice is one deadline. */
export const offerDeadlineId = (matchId: string) => `offer:${matchId}`;

/** An offer may be answered through the whole of its respond-by day, Shanghai time. */
const expiresAt = (respondBy: CalendarDate) => new Date(`${addDays(respondBy, 1)}T00:00:00+08:00`);

/** The message's contact: the project's commissioner, as a platform can reach them. */
function contactOf(commissioner: CommissionerProfile | undefined) {
  if (!commissioner) return undefined;
  return {
    name: commissioner.name,
    ...(commissioner.email ? { email: commissioner.email } : {}),
    ...(commissioner.phone ? { phone: commissioner.phone } : {}),
  };
}

export async function offerProject(trigger: OfferTrigger, ports: OfferPorts): Promise<OfferOutcome> {
  const { tableName: table, now } = ports;
  const project = await ports.getProject(trigger.projectId);
  if (!project) return { kind: 'nothing_to_do', why: 'no such project' };
  const { offers, unmatchedTold } = await ports.matchState(trigger.projectId);
  const writes: TransactItem[] = [];

  let kinds: PlatformKind[];
  let means: EvaluationMeans;
  const events: DomainEvent[] = [];
  if (trigger.kind === 'expired') {
    const expired = offers.find((o) => o.matchId === trigger.matchId);
    // Answered before the deadline fired (accepted or declined): the answer already decided what follows.
    if (expired?.state !== 'offered') return { kind: 'nothing_to_do', why: 'offer already answered' };
    writes.push(
      offerAnswer(table, expired, 'expired', now),
      platformLoadDecrement(table, expired.platformProfileId),
    );
    // The commissioner is emailed the expiry (match.expired), with the next offer in the same transaction.
    events.push(
      newEventOf(matchExpiredEvent, {
        actor: MATCHING_ACTOR,
        subject: { kind: 'project', id: project.id },
        correlationId: trigger.correlationId,
        now,
        data: {
          matchId: expired.matchId,
          projectId: project.id,
          platformId: expired.platformId,
          kind: expired.kind,
          respondBy: expired.respondBy,
        },
      }),
    );
    kinds = [expired.kind];
    means = expired.means;
  } else if (trigger.kind === 'declined' || trigger.kind === 'released') {
    // The API recorded the decline (or staff's release) and freed the place; what is left is the next platform
    // of its kind. A released project is qualified again only when no other offer of it is accepted.
    const declined = offers.find((o) => o.matchId === trigger.matchId);
    if (declined?.state !== trigger.kind) return { kind: 'nothing_to_do', why: `offer not ${trigger.kind}` };
    const live = offers.some(
      (o) => o.kind === declined.kind && (o.state === 'offered' || o.state === 'accepted'),
    );
    if (live) return { kind: 'nothing_to_do', why: `a ${declined.kind} offer is live` };
    kinds = [declined.kind];
    means = declined.means;
  } else {
    if (project.status !== 'qualified') return { kind: 'nothing_to_do', why: `project is ${project.status}` };
    // A kind that already has a live offer (a redelivered or repeated qualification) is not offered again.
    const live = new Set(
      offers.filter((o) => o.state === 'offered' || o.state === 'accepted').map((o) => o.kind),
    );
    kinds = stages[project.stage].platformKinds.filter((k) => !live.has(k));
    means = trigger.means;
  }
  if (kinds.length === 0) return { kind: 'nothing_to_do', why: 'every kind already offered' };

  const platforms = await ports.platforms();
  const openOffers = Object.fromEntries(platforms.map((p) => [p.platformId, p.openOffers ?? 0]));
  const ranking = rankPlatforms({
    project: { stage: project.stage, techField: project.techField, district: project.district },
    platforms,
    openOffers,
    alreadyOffered: offers.map((o) => o.platformId),
    kinds,
    withQueue: ports.platformsWithQueue,
  });
  const day = today(now);
  const parameters = await ports.parameters(day);
  const respondBy = addDays(day, parameters.values.offerResponseDays);
  const commissioner = project.commissionerId ? await ports.commissioner(project.commissionerId) : undefined;
  const contact = contactOf(commissioner);
  const byPlatformId = new Map(platforms.map((p) => [p.platformId, p]));

  const matchIds: string[] = [];
  const unmatchedKinds: PlatformKind[] = [];
  for (const kindRanking of ranking.kinds) {
    const platform = kindRanking.chosen ? byPlatformId.get(kindRanking.chosen) : undefined;
    if (!platform || platform.capacity === undefined) {
      unmatchedKinds.push(kindRanking.kind);
      continue;
    }
    const matchId = newId('mat', now);
    matchIds.push(matchId);
    const offer: OfferRecord = {
      matchId,
      projectId: project.id,
      platformId: platform.platformId,
      platformProfileId: platform.id,
      kind: kindRanking.kind,
      stage: project.stage,
      state: 'offered',
      offeredAt: now.toISOString(),
      respondBy,
      means,
      explanation: {
        ranked: kindRanking.ranked.map(({ platformId, rank, why }) => ({ platformId, rank, why })),
        excluded: ranking.excluded.map(({ platformId, reason, why }) => ({ platformId, reason, why })),
        parameterVersion: parameters.version,
      },
    };
    const subject = { kind: 'project', id: project.id };
    writes.push(
      offerPut(table, offer),
      platformLoadIncrement(table, platform.id, platform.capacity),
      deadlineSet(
        table,
        newDeadline({
          id: offerDeadlineId(matchId),
          eventType: 'offer.expired',
          dueAt: expiresAt(respondBy),
          subject,
          payload: { matchId, projectId: project.id, platformId: platform.platformId, kind: offer.kind },
          correlationId: trigger.correlationId,
          now,
        }),
      ),
    );
    events.push(
      newEventOf(matchOfferedEvent, {
        actor: MATCHING_ACTOR,
        subject,
        correlationId: trigger.correlationId,
        now,
        data: {
          schemaVersion: 1,
          matchId,
          projectId: project.id,
          platformId: platform.platformId,
          kind: offer.kind,
          stage: project.stage,
          techField: project.techField,
          title: project.title,
          summary: project.summary,
          means,
          ...(contact ? { commissioner: contact } : {}),
          offeredAt: offer.offeredAt,
          respondBy,
          howToAnswer: howToAnswer(matchId, respondBy),
        },
      }),
    );
  }
  // Staff are told once per round that a kind has nobody left: a decision that finds it told already (another
  // qualification, or an expiry, got there first on the same offers) publishes nothing for it.
  const untold: UnmatchedRound[] = unmatchedKinds
    .map((kind) => ({ kind, round: offers.filter((o) => o.kind === kind).length }))
    .filter(({ kind, round }) => (unmatchedTold[kind] ?? -1) < round);
  if (untold.length > 0) {
    events.push(
      newEventOf(projectUnmatchedEvent, {
        actor: MATCHING_ACTOR,
        subject: { kind: 'project', id: project.id },
        correlationId: trigger.correlationId,
        now,
        data: {
          projectId: project.id,
          title: project.title,
          district: project.district,
          stage: project.stage,
          techField: project.techField,
          kinds: untold.map(({ kind }) => kind),
        },
      }),
    );
  }
  if (writes.length === 0 && events.length === 0) {
    return { kind: 'nothing_to_do', why: 'staff were told already that nobody is left' };
  }
  // Two decisions on the same reads (one qualification under two event ids, processed at once) cannot both offer,
  // nor both tell staff a kind has nobody left.
  writes.push(offerCountMove(table, project.id, offers.length, matchIds.length, untold));
  await ports.commit(writes, events);
  return { kind: 'offered', matchIds, unmatchedKinds };
}
