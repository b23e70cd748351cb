import { config, getEnterprise, getProject, parameterSetInForce } from '@wuhan/aws';
import type { DomainEvent } from '@wuhan/domain';
import { subsidyParameterSet } from '@wuhan/domain';
import type { ConsumerContext } from '@wuhan/middleware';
import { type AssessPorts, assessReceivedClaim } from './assess.js';
import { factsOf } from './facts.js';
import { capsUsed, earlierRewardClaims, readClaim } from './store.js';
import { permanentIfUnreadable } from './stored.js';

/** The production ports, committing through the consumer's inbox (the event is recorded with the result). */
export function assessPorts(now: Date, context: Pick<ConsumerContext, 'commit'>): AssessPorts {
  return {
    tableName: config().tableName,
    now,
    readClaim,
    parameters: async (date) => (await parameterSetInForce(subsidyParameterSet, date)).values,
    facts: (claim) => factsOf(claim, { getEnterprise, getProject, earlierRewardClaims }),
    capsUsed,
    commit: (writes, events) => context.commit(writes, events),
  };
}

/**
 * What the subsidy consumer does with each event routed to its queue: a filed claim is assessed and reserved.
 * One of its own items (the claim, a cap, an earlier claim of the manager) failing its schema is refused for good,
 * naming the item and fields: every delivery would read the same item, so retrying only ends in the DLQ.
 */
export async function handleSubsidyEvent(
  event: DomainEvent,
  context: ConsumerContext,
  now: Date,
): Promise<void> {
  if (event.type !== 'subsidy.claim_received') return;
  const { claimId } = event.data;
  await permanentIfUnreadable(() => assessReceivedClaim(claimId, assessPorts(now, context)));
}
