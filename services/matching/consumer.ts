import { config, getProfile, getProject, listProfiles, parametersInForce } from '@wuhan/aws';
import type { DomainEvent } from '@wuhan/domain';
import type { ConsumerContext } from '@wuhan/middleware';
import { platformIdsWithQueue } from '@wuhan/topology';
import { type OfferPorts, offerProject } from './offer.js';
import { readOffers } from './store.js';

/** The production ports, committing through the consumer's inbox (the event is recorded with the offer). */
export function offerPorts(now: Date, context: Pick<ConsumerContext, 'commit'>): OfferPorts {
  return {
    tableName: config().tableName,
    now,
    getProject,
    offers: readOffers,
    platforms: () => listProfiles('platform'),
    platformsWithQueue: platformIdsWithQueue,
    parameters: (date) => parametersInForce('matching', date),
    commissioner: (id) => getProfile('commissioner', id),
    commit: (writes, events) => context.commit(writes, events),
  };
}

/**
 * What the matching consumer does with each event the topology routes to its queue: a qualified project is
 * offered to the best platform of each kind its stage needs; an offer whose respond-by day passed expires and
 * the next platform of its kind is offered; so does a declined one.
 */
export async function handleMatchingEvent(
  event: DomainEvent,
  context: ConsumerContext,
  now: Date,
): Promise<void> {
  const ports = offerPorts(now, context);
  switch (event.type) {
    case 'project.qualified':
      await offerProject(
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
    case 'match.declined': {
      const { projectId, matchId } = event.data;
      const kind = event.type === 'offer.expired' ? 'expired' : 'declined';
      await offerProject({ kind, projectId, matchId, correlationId: event.correlationId }, ports);
      return;
    }
    default:
      return;
  }
}
