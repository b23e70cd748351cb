import { getProfile } from '@wuhan/aws';
import type { offerView } from '@wuhan/contract';
import { matchingOperations } from '@wuhan/contract';
import type { OfferRecord } from '@wuhan/domain';
import { httpRouter } from '@wuhan/middleware';
import type { z } from 'zod';
import { answerOffer } from './answer.js';
import { allOffers, offersOfPlatform, readOffers } from './store.js';

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
    ...(withExplanation ? { explanation: offer.explanation } : {}),
  };
}

/** Composition only: matching's HTTP operations (packages/contract/src/matching.ts) over its use cases. */
export const handler = httpRouter(matchingOperations, {
  'POST /v1/matches/{matchId}/accept': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: viewOf(
      await answerOffer(params.matchId, 'accepted', body.reason, { principal, correlationId, now }),
      false,
    ),
  }),
  'POST /v1/matches/{matchId}/decline': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: viewOf(
      await answerOffer(params.matchId, 'declined', body.reason, { principal, correlationId, now }),
      false,
    ),
  }),
  'GET /v1/matches': async ({ query, principal }) => {
    const staff = principal.role === 'staff';
    const offers = staff
      ? await staffListing(query.projectId, query.platformId)
      : await ownOffers(principal.ownerId);
    const items = offers
      .filter((o) => query.projectId === undefined || o.projectId === query.projectId)
      .filter((o) => query.platformId === undefined || o.platformId === query.platformId)
      .filter((o) => query.state === undefined || o.state === query.state)
      .filter((o) => query.kind === undefined || o.kind === query.kind);
    return { status: 200, body: { items: items.map((offer) => viewOf(offer, staff)) } };
  },
});

/** Staff read the narrowest listing their filters allow. */
function staffListing(projectId: string | undefined, platformId: string | undefined): Promise<OfferRecord[]> {
  if (projectId) return readOffers(projectId);
  if (platformId) return offersOfPlatform(platformId);
  return allOffers();
}

/** The calling platform's own offers (the authorizer admits only a key whose platform profile is active). */
async function ownOffers(profileId: string): Promise<OfferRecord[]> {
  const platform = await getProfile('platform', profileId);
  return platform ? offersOfPlatform(platform.platformId) : [];
}
