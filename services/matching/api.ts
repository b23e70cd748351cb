import { getProfile } from '@wuhan/aws';
import type { offerView } from '@wuhan/contract';
import { matchingOperations } from '@wuhan/contract';
import type { OfferRecord } from '@wuhan/domain';
import type * as z from '@wuhan/domain/zod';
import { decodeCursor, encodeCursor, fieldError, httpRouter, ProblemError } from '@wuhan/middleware';
import { answerOffer } from './answer.js';
import { releaseMatch } from './release.js';
import { type OfferFilter, offersListing, offersPage, readOffers } from './store.js';

/** What a caller sees of an offer: never its profile id or means; the explanation for staff only. */
function viewOf(offer: OfferRecord, withExplanation: boolean): z.input<typeof offerView> {
  return {
    matchId: offer.matchId,
    projectId: offer.projectId,
    platformId: offer.platformId,
    kind: offer.kind,
    stage: offer.stage,
    state: offer.state,
    offeredAt: offer.offeredAt,
    respondBy: offer.respondBy,
    ...(offer.answeredAt ? { answeredAt: offer.answeredAt } : {}),
    ...(offer.reason ? { reason: offer.reason } : {}),
    ...(offer.releasedAt ? { releasedAt: offer.releasedAt } : {}),
    ...(offer.releaseReason ? { releaseReason: offer.releaseReason } : {}),
    ...(withExplanation ? { explanation: offer.explanation } : {}),
  };
}

/** Composition only: matching's HTTP operations (packages/contract/src/matching.ts) over its use cases. */
export const handler = httpRouter(matchingOperations, {
  'POST /v1/matches/{matchId}/decision': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: viewOf(
      await answerOffer(params.matchId, body.decision, body.reason, { principal, correlationId, now }),
      false,
    ),
  }),
  'POST /v1/matches/{matchId}/release': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: viewOf(await releaseMatch(params.matchId, body.reason, { principal, correlationId, now }), true),
  }),
  'GET /v1/matches': async ({ query, principal }) => {
    const staff = principal.role === 'staff';
    const { limit, cursor, projectId, ...filters } = query;
    // A platform sees its own listing only, whatever platformId it asks for.
    const platformId = staff ? filters.platformId : await ownPlatformId(principal.ownerId);
    if (!staff && platformId === undefined) return { status: 200, body: { items: [] } };
    const filter: OfferFilter = {
      ...(platformId ? { platformId } : {}),
      ...(filters.state ? { state: filters.state } : {}),
      ...(filters.kind ? { kind: filters.kind } : {}),
    };
    if (projectId !== undefined) {
      if (cursor !== undefined) {
        throw new ProblemError('validation', "A project's offers come whole: no cursor", {
          errors: [fieldError('query.cursor', 'Not accepted with projectId', 'invalid_cursor')],
        });
      }
      const offers = (await readOffers(projectId)).filter((o) => matches(o, filter)).slice(0, limit);
      return { status: 200, body: { items: offers.map((offer) => viewOf(offer, staff)) } };
    }
    const listing = offersListing(filter);
    const start = decodeCursor(cursor, { [listing.partitionAttribute]: listing.partitionValue });
    const page = await offersPage(listing, limit, start);
    return {
      status: 200,
      body: { items: page.items.map((offer) => viewOf(offer, staff)), cursor: encodeCursor(page.next) },
    };
  },
});

function matches(offer: OfferRecord, filter: OfferFilter): boolean {
  return (
    (filter.platformId === undefined || offer.platformId === filter.platformId) &&
    (filter.state === undefined || offer.state === filter.state) &&
    (filter.kind === undefined || offer.kind === filter.kind)
  );
}

/** The calling platform's platformId (the authorizer admits only a key whose platform profile is active). */
async function ownPlatformId(profileId: string): Promise<string | undefined> {
  const platform = await getProfile('platform', profileId);
  return platform?.platformId;
}
