import {
  config,
  deadlineCancel,
  getDeadline,
  getProject,
  keys,
  moveProjectAsRead,
  parameterSetInForce,
  recommendationsOf,
  type StoredProject,
  type TransactItem,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  aggregate,
  type Caller,
  ConflictError,
  type EvaluationComputation,
  type EvaluationMeans,
  type EvaluationRecord,
  evaluationMeansSchema,
  evaluationParameterSet,
  meansOf,
  NotFoundError,
  projectEventOf,
  projectNeedsConsensusEvent,
  projectNotQualifiedEvent,
  projectQualifiedEvent,
  recommendingPartners,
  today,
} from '@wuhan/domain';
import { reviewDueDeadlineId, reviewOverdueDeadlineId } from './assign.js';
import { evaluationPut, expertLoadDecrement } from './items.js';
import { readEvaluation, readReviews } from './store.js';

const outcomeEvent = {
  qualified: projectQualifiedEvent,
  not_qualified: projectNotQualifiedEvent,
  needs_consensus: projectNeedsConsensusEvent,
} as const;

async function outcomeData(project: StoredProject, means: EvaluationMeans) {
  const partnerIds = recommendingPartners(await recommendationsOf(project.id));
  return {
    title: project.title,
    district: project.district,
    stage: project.stage,
    techField: project.techField,
    means,
    ...(project.commissionerId ? { commissionerId: project.commissionerId } : {}),
    ...(partnerIds.length > 0 ? { partnerIds } : {}),
  };
}

async function cancelPending(table: string, projectId: string, expertIds: string[], now: Date) {
  const ids = expertIds.flatMap((e) => [
    reviewDueDeadlineId(projectId, e),
    reviewOverdueDeadlineId(projectId, e),
  ]);
  const found = await Promise.all(ids.map((id) => getDeadline(id)));
  return found.flatMap((d) => (d?.state === 'pending' ? [deadlineCancel(table, d.id, now)] : []));
}

export type CloseResult =
  | { kind: 'not_under_review' | 'closed' | 'waiting_for_reviews' }
  | { kind: 'decided'; outcome: EvaluationComputation['outcome'] };

/**
 * §二(四): once the required reviews are in (at least `minimumReviews` submitted and none still outstanding),
 * aggregates them with the parameters in force that day, stores the evaluation record (every score, the
 * parameter version, the computation, the outcome), frees each expert's slot, and moves the project as the
 * `evaluation_outcome` command, with `project.qualified` / `not_qualified` / `needs_consensus`, in one
 * transaction conditioned on the record's and the project's versions: a second delivery, or two last reviews
 * at once, decide once. `caller` is the expert whose review completed the set (the system has no principal).
 */
export async function closeIfComplete(projectId: string, caller: Caller): Promise<CloseResult> {
  return withOptimisticRetry(async () => {
    const project = await getProject(projectId);
    if (project?.status !== 'under_review') return { kind: 'not_under_review' };
    const record = await readEvaluation(projectId);
    if (!record || record.state === 'closed') return { kind: 'closed' };
    const reviews = await readReviews(projectId);
    const submitted = reviews.filter((r) => r.state === 'submitted');
    const outstanding = reviews.filter((r) => r.state === 'assigned');
    const day = today(caller.now);
    const parameters = await parameterSetInForce(evaluationParameterSet, day);
    if (submitted.length < parameters.values.minimumReviews || outstanding.length > 0) {
      return { kind: 'waiting_for_reviews' };
    }
    const computation = aggregate(
      submitted.flatMap((r) => (r.scores ? [{ expertId: r.expertId, scores: r.scores }] : [])),
      parameters.values,
    );
    const means = meansOf(computation);
    const table = config().tableName;
    const closed: EvaluationRecord = {
      ...record,
      state: 'closed',
      version: record.version + 1,
      outcome: computation.outcome,
      closedAt: caller.now.toISOString(),
      decision: {
        decidedOn: day,
        parameterSet: 'evaluation',
        parameterVersion: parameters.version,
        parameters: parameters.values,
        computation,
        means,
        outcome: computation.outcome,
      },
    };
    const writes: TransactItem[] = [
      evaluationPut(table, closed, record.version),
      // The scores decided on are the scores stored: a revision or a withdrawal committed after the read above
      // fails this transaction, and the decision is made again on a fresh read.
      ...reviews.map((r) => reviewUnchanged(table, projectId, r.expertId, r.state, r.revision)),
      ...submitted.map((r) => expertLoadDecrement(table, r.expertId)),
      ...(await cancelPending(
        table,
        projectId,
        submitted.map((r) => r.expertId),
        caller.now,
      )),
    ];
    const data = await outcomeData(project, means);
    await moveProjectAsRead(
      project,
      {
        to: computation.outcome,
        command: 'evaluation_outcome',
        plan: () => ({
          writes,
          events: [
            projectEventOf(caller, outcomeEvent[computation.outcome], projectId, {
              ...data,
              parameterVersion: parameters.version,
              decidedBy: 'evaluation_outcome',
            }),
          ],
        }),
      },
      caller,
    );
    return { kind: 'decided', outcome: computation.outcome };
  });
}

function reviewUnchanged(
  table: string,
  projectId: string,
  expertId: string,
  state: string,
  revision: number,
): TransactItem {
  return {
    ConditionCheck: {
      TableName: table,
      Key: keys.review(projectId, expertId),
      ConditionExpression: '#state = :state AND #revision = :revision',
      ExpressionAttributeNames: { '#state': 'state', '#revision': 'revision' },
      ExpressionAttributeValues: { ':state': state, ':revision': revision },
    },
  };
}

/** Staff settle a needs_consensus project (`consensus_decision` owns that move), with the reason kept. */
export async function decideByConsensus(
  projectId: string,
  decision: { outcome: 'qualified' | 'not_qualified'; reason: string },
  caller: Caller,
) {
  return withOptimisticRetry(async () => {
    const project = await getProject(projectId);
    if (!project) throw new NotFoundError(`No project ${projectId}`);
    const record = await readEvaluation(projectId);
    if (record?.state !== 'closed' || record.outcome !== 'needs_consensus') {
      throw new ConflictError('Only a project whose experts disagreed is decided by consensus', {
        projectId,
      });
    }
    const decided = record.decision ?? {};
    const means = evaluationMeansSchema.parse(decided.means);
    const parameterVersion = typeof decided.parameterVersion === 'number' ? decided.parameterVersion : 1;
    const next: EvaluationRecord = {
      ...record,
      version: record.version + 1,
      // The decided outcome is the record's outcome; the experts' own verdict stays in `decision`.
      outcome: decision.outcome,
      decision: {
        ...decided,
        consensus: {
          outcome: decision.outcome,
          reason: decision.reason,
          decidedBy: caller.principal.ownerId,
          decidedAt: caller.now.toISOString(),
        },
      },
    };
    const data = await outcomeData(project, means);
    await moveProjectAsRead(
      project,
      {
        to: decision.outcome,
        command: 'consensus_decision',
        reason: decision.reason,
        plan: () => ({
          writes: [evaluationPut(config().tableName, next, record.version)],
          events: [
            projectEventOf(caller, outcomeEvent[decision.outcome], projectId, {
              ...data,
              parameterVersion,
              decidedBy: 'consensus_decision',
              reason: decision.reason,
            }),
          ],
        }),
      },
      caller,
    );
    return next;
  });
}
