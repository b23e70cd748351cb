import {
  commit,
  config,
  deadlineCancel,
  getDeadline,
  getProfile,
  getProject,
  keys,
  moveProjectAsRead,
  queryIndex,
  type TransactItem,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  InvalidTransitionError,
  matchAcceptedEvent,
  matchDeclinedEvent,
  NotFoundError,
  type OfferRecord,
  offerChange,
  offerRecordSchema,
  projectEventOf,
  today,
} from '@wuhan/domain';
import { offerAnswer, platformLoadDecrement } from './items.js';
import { offerDeadlineId } from './offer.js';

/**
 * A platform's decision on its offer (issue 10 point 4, `POST /v1/matches/{matchId}/decision`). Only the platform the offer was made to finds it (its own
 * listing on gsi1): anyone else gets 404. Accepting moves the project to matched with `match_accepted` (a growth
 * project's second acceptance finds it matched already and only records the offer); declining frees the place
 * and `match.declined` sends matching on to the next platform. Either cancels the respond-by deadline in the
 * same transaction, so an answer and an expiry cannot both win.
 */
export type Answer = 'accepted' | 'declined';

/** The offer made to this platform, found on the platform's own listing, then read strongly consistent. */
async function offerOfPlatform(platformId: string, matchId: string): Promise<OfferRecord | undefined> {
  const listing = keys.offerListing(platformId, matchId).gsi1pk;
  const { items } = await queryIndex(
    {
      TableName: config().tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
      ExpressionAttributeValues: { ':pk': listing, ':sk': matchId },
    },
    { consistent: true, stillListed: { attribute: 'gsi1pk', value: listing } },
  );
  return items[0] ? offerRecordSchema.parse(items[0]) : undefined;
}

export async function answerOffer(
  matchId: string,
  answer: Answer,
  reason: string | undefined,
  caller: Caller,
): Promise<OfferRecord> {
  const platform = await getProfile('platform', caller.principal.ownerId);
  const notFound = () => new NotFoundError(`No offer ${matchId} to your platform`);
  if (!platform) throw notFound();
  return withOptimisticRetry(async () => {
    const offer = await offerOfPlatform(platform.platformId, matchId);
    if (!offer) throw notFound();
    // A second answer, or an answer to an expired offer: 409 from the offer's lifecycle.
    offerChange(offer.state, answer);
    const deadlineId = offerDeadlineId(matchId);
    const deadline = await getDeadline(deadlineId);
    if (deadline && deadline.state !== 'pending') {
      throw new ConflictError(`The offer ${matchId} expired at the end of ${offer.respondBy}`);
    }
    // respondBy is the last day (Asia/Shanghai) to answer: the sweep may not have fired yet, the offer is over.
    if (today(caller.now) > offer.respondBy) {
      throw new ConflictError(`The offer ${matchId} expired at the end of ${offer.respondBy}`, {
        respondBy: offer.respondBy,
      });
    }
    const table = config().tableName;
    const now = caller.now;
    const writes: TransactItem[] = [
      offerAnswer(table, offer, answer, now, reason),
      ...(deadline ? [deadlineCancel(table, deadlineId, now)] : []),
    ];
    const data = {
      matchId,
      platformId: offer.platformId,
      kind: offer.kind,
      ...(reason ? { reason } : {}),
    };
    if (answer === 'declined') {
      writes.push(platformLoadDecrement(table, offer.platformProfileId));
      await commit(writes, [projectEventOf(caller, matchDeclinedEvent, offer.projectId, data)]);
    } else {
      const project = await getProject(offer.projectId);
      if (!project) throw new NotFoundError(`No project ${offer.projectId}`);
      if (project.status === 'qualified') {
        // The acceptance names the move it made: the commissioner's one email about it says both (routing.ts
        // does not email them the status event of a `match_accepted` move).
        const moved = { ...data, from: project.status, to: 'matched' as const };
        const event = projectEventOf(caller, matchAcceptedEvent, offer.projectId, moved);
        await moveProjectAsRead(
          project,
          { to: 'matched', command: 'match_accepted', plan: () => ({ writes, events: [event] }) },
          caller,
        );
      } else if (project.status === 'matched') {
        // The other offer of a growth project was accepted first: the project is matched already, and the
        // acceptance claims no move.
        await commit(writes, [projectEventOf(caller, matchAcceptedEvent, offer.projectId, data)]);
      } else {
        // No longer qualified (a staff override) or moved on: accepting would hold the platform's place for nothing.
        throw new InvalidTransitionError(
          `The project ${offer.projectId} is ${project.status}: an offer for it can no longer be accepted`,
          { projectStatus: project.status },
        );
      }
    }
    return {
      ...offer,
      state: answer,
      answeredAt: now.toISOString(),
      ...(reason ? { reason } : {}),
    };
  });
}
