import {
  config,
  getProfile,
  getProject,
  listProfiles,
  parameterSetInForce,
  withOptimisticRetry,
} from '@wuhan/aws';
import type { DomainEvent } from '@wuhan/domain';
import { matchingParameterSet } from '@wuhan/domain';
import type { ConsumerContext } from '@wuhan/middleware';
import { platformIdsWithQueue } from '@wuhan/topology';
import { type OfferPorts, offerProject } from './offer.js';
import { readMatchState } from './store.js';

/** The production ports, committing through the consumer's inbox (the event is recorded with the offer). */
export function offerPorts(now: Date, context: Pick<ConsumerContext, 'commit'>): OfferPorts {
  return {
    tableName: config().tableName,
    now,
    getProject,
    matchState: readMatchState,
    platforms: () => listProfiles('platform'),
    platformsWithQueue: platformIdsWithQueue,
    parameters: (date) => parameterSetInForce(matchingParameterSet, date),
    commissioner: (id) => getProfile('commissioner', id),
    commit: (writes, events) => context.commit(writes, events),
  };
}

/**
 * What the matching consumer does with each event the topology routes to its queue: a qualified project is
 * offered to the best platform of each kind its stage needs; an offer whose respond-by day passed expires and
 * the next platform of its kind is offered; so does a declined one, and one staff released.
 */
export async function handleMatchingEvent(
  event: DomainEvent,
  context: ConsumerContext,
  now: Date,
): Promise<void> {
  const ports = offerPorts(now, context);
  // A lost race (another offer took a platform's last place, or moved the offer first) fails the transaction's
  // conditions: decide again on fresh reads at once, rather than wait for the queue's backoff (2 s, 8 s, 30 s…).
  // Twenty projects qualifying at once settle in seconds; a duplicate is still the inbox's (no effect).
  const offer: typeof offerProject = (trigger, p) => withOptimisticRetry(() => offerProject(trigger, p));
  switch (event.type) {
    case 'project.qualified':
      await offer(
        {
          kind: 'qualified',
          projectId: event.data.projectId,
          means: event.data.means,
          correlationId: event.correlationId,
        },
        ports,
      );
      return;
    case 'offer.expired':
    case 'match.declined':
    case 'match.released': {
      const { projectId, matchId } = event.data;
      const kind =
        event.type === 'offer.expired'
          ? 'expired'
          : event.type === 'match.declined'
            ? 'declined'
            : 'released';
      await offer({ kind, projectId, matchId, correlationId: event.correlationId }, ports);
      return;
    }
    default:
      return;
  }
}
