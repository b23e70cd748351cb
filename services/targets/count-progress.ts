import { contributionsOf, type DomainEvent } from '@wuhan/domain';
import type { recordContribution } from './store.js';

/** Counts what an event contributes to the §一 targets; most events contribute nothing. */
export async function countProgress(event: DomainEvent, record: typeof recordContribution): Promise<void> {
  for (const contribution of contributionsOf(event)) await record(contribution);
}
