import {
  commit,
  config,
  getProject,
  keys,
  listProfiles,
  parameterSetInForce,
  queryAll,
  withOptimisticRetry,
} from '@wuhan/aws';
import type { DomainEvent } from '@wuhan/domain';
import { evaluationParameterSet } from '@wuhan/domain';
import type { ConsumerContext } from '@wuhan/middleware';
import { type AssignPorts, assignExperts } from './assign.js';
import { closeIfComplete } from './decide.js';
import { newestRoundNumber, partnerOrganizations, readEvaluation, readReviews } from './store.js';

/** The production ports of the assignment, committing through `commitWith` (the inbox's, or plain). */
export function assignPorts(now: Date, commitWith: AssignPorts['commit']): AssignPorts {
  return {
    tableName: config().tableName,
    now,
    getProject,
    readEvaluation,
    newestRoundNumber,
    readReviews,
    partnerOrganizations,
    experts: () => listProfiles('expert'),
    parameters: (date) => parameterSetInForce(evaluationParameterSet, date),
    commit: commitWith,
  };
}

async function waitingProjects(): Promise<string[]> {
  const items = await queryAll({
    indexName: 'gsi2',
    partitionAttribute: 'gsi2pk',
    partitionValue: keys.waitingEvaluations,
  });
  return items.map((item) => String(item.projectId));
}

/**
 * Every project waiting for experts gets another round. Several projects, one transaction each: the inbox can
 * record the event only once, and each round is safe to repeat (it decides on the reviews as read), so a
 * redelivery after a partial run finishes the job.
 */
async function resumeWaiting(now: Date, correlationId: string): Promise<void> {
  const plain = assignPorts(now, (writes, events) => commit(writes, events));
  for (const projectId of await waitingProjects()) {
    await assignExperts(projectId, { kind: 'expert_added', correlationId }, plain);
  }
}

/** As for a submitted review, the expert whose change completed the set is the caller of the decision. */
const expertCaller = (expertId: string, correlationId: string, now: Date) => ({
  principal: { role: 'expert' as const, ownerId: expertId, keyId: 'event' },
  correlationId,
  now,
});

/**
 * An overdue expert leaves the panel (a replacement is assigned where the pool has one), then the evaluation is
 * decided if the reviews in now suffice. Both steps run before the inbox records the event: committing the
 * withdrawal with the inbox would leave a decision that then failed transiently to the next trigger, because the
 * redelivery would be skipped as processed. Each step is safe to repeat instead: the withdrawal decides on the
 * reviews as read and is conditioned on them (an expert already withdrawn is not withdrawn, nor replaced, twice;
 * a second delivery racing the first loses the evaluation record's version and re-reads), and the decision is
 * conditioned on the record's and the project's versions. The event is marked processed once both have run
 * (the consumer does that for a handler that used no inbox commit), so a failure in either retries both.
 */
async function replaceOverdue(projectId: string, expertId: string, correlationId: string, now: Date) {
  const plain = assignPorts(now, (writes, events) => commit(writes, events));
  await withOptimisticRetry(() =>
    assignExperts(
      projectId,
      { kind: 'withdrawal', correlationId, withdraw: { expertId, reason: 'overdue' } },
      plain,
    ),
  );
  await closeIfComplete(projectId, expertCaller(expertId, correlationId, now));
}

/**
 * An expert left the panel (declined, conflict). Enough reviews in and none outstanding (more experts were
 * assigned than needed): decide now; else (the project is still under review) a replacement is assigned; then the
 * freed slot may give a project waiting for experts its panel. All three run before the inbox records the event
 * (the consumer marks it processed once the handler returns, as it used no inbox commit): committing the
 * replacement with the inbox would leave a waiting project's round that then failed transiently to the next
 * expert or outcome event, because the redelivery would be skipped as processed. Each step is safe to repeat: the
 * decision is conditioned on the record's and the project's versions; the replacement decides on the reviews as
 * read (the withdrawn review is already `withdrawn`, so a panel refilled by the first delivery is left alone,
 * and a still-short one that stays waiting writes nothing) and is conditioned on the record's version; each
 * waiting project's round likewise.
 */
async function replaceWithdrawn(projectId: string, expertId: string, correlationId: string, now: Date) {
  await closeIfComplete(projectId, expertCaller(expertId, correlationId, now));
  const plain = assignPorts(now, (writes, events) => commit(writes, events));
  await withOptimisticRetry(() =>
    assignExperts(projectId, { kind: 'withdrawal', correlationId, replacing: expertId }, plain),
  );
  await resumeWaiting(now, correlationId);
}

/**
 * What the evaluation consumer does with each event it hears (the topology routes these to its queue):
 * a project entering review is assigned its panel; an expert added resumes every waiting project; an overdue
 * review is replaced; a withdrawal (declined, conflict) is replaced.
 */
export async function handleEvaluationEvent(
  event: DomainEvent,
  context: ConsumerContext,
  now: Date,
): Promise<void> {
  const inbox = assignPorts(now, (writes, events) => context.commit(writes, events));
  const correlationId = event.correlationId;
  switch (event.type) {
    case 'project.status_changed':
      if (event.data.to === 'under_review')
        await assignExperts(event.data.projectId, { kind: 'entered_review', correlationId }, inbox);
      return;
    case 'profile.created':
    case 'profile.updated':
      if (event.data.role === 'expert') await resumeWaiting(now, correlationId);
      return;
    case 'project.qualified':
    case 'project.not_qualified':
    case 'project.needs_consensus':
      // A closed evaluation freed its experts' slots: a project waiting for experts may now have its panel.
      await resumeWaiting(now, correlationId);
      return;
    case 'evaluation.review_overdue':
      await replaceOverdue(event.data.projectId, event.data.expertId, correlationId, now);
      return;
    case 'evaluation.review_withdrawn':
      await replaceWithdrawn(event.data.projectId, event.data.expertId, correlationId, now);
      return;
    case 'evaluation.review_submitted':
      // The expert whose review completed the set is the caller of the decision (events name them as actor).
      await closeIfComplete(event.data.projectId, {
        principal: { role: 'expert', ownerId: event.data.expertId, keyId: 'event' },
        correlationId,
        now,
      });
      return;
    default:
      return;
  }
}
