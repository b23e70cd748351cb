import { commit, config, getProject, keys, listProfiles, parametersInForce, queryAll } from '@wuhan/aws';
import type { DomainEvent } from '@wuhan/domain';
import type { ConsumerContext } from '@wuhan/middleware';
import { type AssignPorts, assignExperts } from './assign.js';
import { closeIfComplete } from './decide.js';
import { partnerOrganizations, readEvaluation, readReviews } from './store.js';

/** The production ports of the assignment, committing through `commitWith` (the inbox's, or plain). */
export function assignPorts(now: Date, commitWith: AssignPorts['commit']): AssignPorts {
  return {
    tableName: config().tableName,
    now,
    getProject,
    readEvaluation,
    readReviews,
    partnerOrganizations,
    experts: () => listProfiles('expert'),
    parameters: (date) => parametersInForce('evaluation', date),
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
    case 'profile.created': {
      if (event.data.role !== 'expert') return;
      // Several projects, one transaction each: the inbox can record the event only once, and each round is
      // safe to repeat (it decides on the reviews as read), so a redelivery after a partial run finishes the job.
      const plain = assignPorts(now, (writes, events) => commit(writes, events));
      for (const projectId of await waitingProjects()) {
        await assignExperts(projectId, { kind: 'expert_added', correlationId }, plain);
      }
      return;
    }
    case 'evaluation.review_overdue':
      await assignExperts(
        event.data.projectId,
        { kind: 'withdrawal', correlationId, withdraw: { expertId: event.data.expertId, reason: 'overdue' } },
        inbox,
      );
      return;
    case 'evaluation.review_withdrawn':
      await assignExperts(
        event.data.projectId,
        { kind: 'withdrawal', correlationId, replacing: event.data.expertId },
        inbox,
      );
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
