import {
  commit,
  config,
  getProject,
  moveProjectAsRead,
  type TransactItem,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  matchReleasedEvent,
  NotFoundError,
  type OfferRecord,
  offerChange,
  projectEventOf,
} from '@wuhan/domain';
import { offerRelease, offerStillAccepted, platformLoadDecrement } from './items.js';
import { offerById, readOffers } from './store.js';

/**
 * Staff end an accepted match before incubation (issue 10 point 4, `match_released`): the offer becomes
 * `released`, the platform's place is returned, and `match.released` sends matching on to the next platform of
 * that kind. A project left with no accepted offer moves matched → qualified in the same transaction; a growth
 * project whose other offer is still accepted stays matched (that offer is condition-checked, so two releases at
 * once cannot both leave it matched with none accepted). Once the project is incubating or landed, the match is
 * its history and cannot be released (409).
 */
export async function releaseMatch(matchId: string, reason: string, caller: Caller): Promise<OfferRecord> {
  return withOptimisticRetry(async () => {
    const offer = await offerById(matchId);
    if (!offer) throw new NotFoundError(`No offer ${matchId}`);
    // Only an accepted offer can be released: 409 from the offer's lifecycle otherwise.
    offerChange(offer.state, 'released');
    const project = await getProject(offer.projectId);
    if (!project) throw new NotFoundError(`No project ${offer.projectId}`);
    if (project.status !== 'matched') {
      throw new ConflictError(
        `The project is ${project.status}: its match with ${offer.platformId} can no longer be released`,
      );
    }
    const table = config().tableName;
    const now = caller.now;
    const writes: TransactItem[] = [
      offerRelease(table, offer, now, reason),
      platformLoadDecrement(table, offer.platformProfileId),
    ];
    const stillAccepted = (await readOffers(offer.projectId)).filter(
      (o) => o.matchId !== matchId && o.state === 'accepted',
    );
    const moves = stillAccepted.length === 0;
    const event = projectEventOf(caller, matchReleasedEvent, offer.projectId, {
      matchId,
      platformId: offer.platformId,
      kind: offer.kind,
      reason,
      // The move this release makes, named for the commissioner's one email about it (notification's routing).
      ...(moves ? { from: 'matched' as const, to: 'qualified' as const } : {}),
    });
    if (moves) {
      await moveProjectAsRead(
        project,
        { to: 'qualified', command: 'match_released', plan: () => ({ writes, events: [event] }) },
        caller,
      );
    } else {
      writes.push(...stillAccepted.map((o) => offerStillAccepted(table, o)));
      await commit(writes, [event]);
    }
    return { ...offer, state: 'released', releasedAt: now.toISOString(), releaseReason: reason };
  });
}
