import { InvalidTransitionError } from '../errors.js';
import type { LifecycleCommand } from '../project/status.js';
import type { PlatformKind, Stage } from '../vocabulary.js';

/**
 * A platform offer (§二(四), §二(六), §二(九)): a qualified project offered to one platform, which accepts or
 * declines it, or lets it expire. It is an entity of its own, not a project status: a project may have several
 * over time (a declined or expired offer is followed by the next platform's; a growth project has a finance and a
 * landing-park offer at once), and only an acceptance moves the project (`match_accepted`: qualified → matched).
 * The matching capability (issue 10) stores and routes offers; this module is their pure lifecycle.
 */
export const offerStates = {
  offered: '待答复',
  accepted: '已接受',
  declined: '已婉拒',
  expired: '已过期',
  /** The accepted platform withdrew before incubation started; the project is qualified again. */
  released: '已解除',
} as const;
export type OfferState = keyof typeof offerStates;

export interface Offer {
  matchId: string;
  projectId: string;
  platformId: string;
  kind: PlatformKind;
  stage: Stage;
  state: OfferState;
  offeredAt: string;
  /** The platform answers by then (the `matching` parameter set's response days), or the offer expires. */
  respondBy: string;
  answeredAt?: string;
  reason?: string;
}

/** from → to → the project move it causes, if any (`undefined`: the project stays where it is). */
const offerTransitions: Readonly<
  Record<OfferState, Readonly<Partial<Record<OfferState, LifecycleCommand | 'none'>>>>
> = {
  offered: { accepted: 'match_accepted', declined: 'none', expired: 'none' },
  accepted: { released: 'match_released' },
  declined: {},
  expired: {},
  released: {},
};

/**
 * The project move an offer's change causes (`match_accepted`, `match_released`) or `none`; an offer change the
 * table does not have (answering twice, accepting an expired offer) is a 409.
 */
export function offerChange(from: OfferState, to: OfferState): LifecycleCommand | 'none' {
  const move = offerTransitions[from][to];
  if (move === undefined) {
    throw new InvalidTransitionError(`An offer that is ${from} cannot become ${to}`, {
      from,
      to,
      allowed: Object.keys(offerTransitions[from]),
    });
  }
  return move;
}

/** An offer that is still waiting for its platform's answer holds one of the platform's capacity slots. */
export function holdsCapacity(state: OfferState): boolean {
  return state === 'offered' || state === 'accepted';
}
