import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  commit,
  config,
  deadlineCancel,
  documentClient,
  getDeadline,
  getProject,
  keys,
  parameterSetInForce,
  queryAll,
  type TransactItem,
  TransactionRejected,
} from '@wuhan/aws';
import type { ReviewBody } from '@wuhan/contract';
import {
  type Caller,
  ConflictError,
  type EvaluationRecord,
  evaluationParameterSet,
  evaluationReviewSubmittedEvent,
  evaluationReviewWithdrawnEvent,
  NotFoundError,
  offScale,
  projectEventOf,
  type ReviewRecord,
  reviewRecord,
  today,
} from '@wuhan/domain';
import { ProblemError } from '@wuhan/middleware';
import { reviewDueDeadlineId, reviewOverdueDeadlineId } from './assign.js';
import { expertLoadDecrement, reviewWithdraw } from './items.js';
import { readEvaluation } from './store.js';

async function readReview(projectId: string, expertId: string): Promise<ReviewRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.review(projectId, expertId),
      ConsistentRead: true,
    }),
  );
  return Item ? reviewRecord.parse(Item) : undefined;
}

/** The review an expert may act on: theirs, not withdrawn (404 otherwise: a project not assigned to them). */
async function ownReview(projectId: string, caller: Caller) {
  const review = await readReview(projectId, caller.principal.ownerId);
  if (!review || review.state === 'withdrawn')
    throw new NotFoundError(`No review of ${projectId} is assigned to you`);
  const evaluation = await readEvaluation(projectId);
  if (evaluation?.state === 'closed')
    throw new ConflictError('The evaluation of this project is closed', { projectId });
  return { review, evaluation };
}

/** The evaluation is still open at the moment of the write (a decision closing it cancels the review's write). */
function stillOpen(table: string, projectId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: table,
      Key: keys.evaluation(projectId),
      ConditionExpression: 'attribute_exists(pk) AND #state <> :closed',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':closed': 'closed' },
    },
  };
}

/** Cancels the review's deadlines that are still pending (one that already fired has done its work). */
async function cancelPending(
  table: string,
  projectId: string,
  expertId: string,
  now: Date,
): Promise<TransactItem[]> {
  const ids = [reviewDueDeadlineId(projectId, expertId), reviewOverdueDeadlineId(projectId, expertId)];
  const found = await Promise.all(ids.map((id) => getDeadline(id)));
  return found.flatMap((d) => (d?.state === 'pending' ? [deadlineCancel(table, d.id, now)] : []));
}

async function commitOrConflict(writes: TransactItem[], events: Parameters<typeof commit>[1], what: string) {
  try {
    await commit(writes, events);
  } catch (error) {
    // The review changed, the evaluation closed, or a deadline fired between read and write: one side wins.
    if (error instanceof TransactionRejected)
      throw new ConflictError(`${what}: changed meanwhile; read it again`, {}, { cause: error });
    throw error;
  }
}

function withdraw(
  projectId: string,
  review: ReviewRecord,
  reason: 'declined' | 'conflict_of_interest',
  caller: Caller,
  note?: string,
) {
  return async () => {
    const table = config().tableName;
    const writes = [
      reviewWithdraw(table, projectId, review.expertId, reason, caller.now, ['assigned', 'submitted'], note),
      expertLoadDecrement(table, review.expertId),
      ...(await cancelPending(table, projectId, review.expertId, caller.now)),
      stillOpen(table, projectId),
    ];
    const event = projectEventOf(caller, evaluationReviewWithdrawnEvent, projectId, {
      expertId: review.expertId,
      reason,
      ...(note ? { note } : {}),
    });
    await commitOrConflict(writes, [event], 'The review');
    return { projectId, state: 'withdrawn' as const, revision: review.revision, dueOn: review.dueOn };
  };
}

/**
 * An assigned expert submits (or revises) their review. Scores must lie on the scale in force today; the
 * write is conditioned on the revision read and on the evaluation still open, so of two submissions at once one
 * counts and the other is a 409. The first submission cancels the review's reminder and replacement. A declared
 * conflict of interest withdraws the expert instead (a replacement is assigned by the consumer).
 */
export async function submitReview(projectId: string, body: ReviewBody, caller: Caller) {
  const { review } = await ownReview(projectId, caller);
  if (body.conflictOfInterest) return withdraw(projectId, review, 'conflict_of_interest', caller)();
  const parameters = await parameterSetInForce(evaluationParameterSet, today(caller.now));
  const off = offScale(body.scores, parameters.values.scoreScale);
  if (off.length > 0) {
    const { min, max, step } = parameters.values.scoreScale;
    throw new ProblemError('validation', `Scores must lie from ${min} to ${max} in steps of ${step}`, {
      errors: off.map((d) => ({
        field: `body.scores.${d}`,
        message: `From ${min} to ${max} in steps of ${step}`,
        code: 'off_scale',
      })),
    });
  }
  const table = config().tableName;
  const revision = review.revision + 1;
  const at = caller.now.toISOString();
  // A revision replaces the whole review: comments left out this time are removed, not kept from before.
  const sets = ['#state = :submitted', 'scores = :scores', 'revision = :next', 'submittedAt = :at'];
  const removes: string[] = [];
  const values: Record<string, unknown> = {
    ':submitted': 'submitted',
    ':assigned': 'assigned',
    ':scores': body.scores,
    ':next': revision,
    ':read': review.revision,
    ':at': at,
  };
  if (body.comments) {
    sets.push('comments = :comments');
    values[':comments'] = body.comments;
  } else removes.push('comments');
  if (body.overallComment) {
    sets.push('overallComment = :overall');
    values[':overall'] = body.overallComment;
  } else removes.push('overallComment');
  const update: TransactItem = {
    Update: {
      TableName: table,
      Key: keys.review(projectId, review.expertId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: 'revision = :read AND #state IN (:assigned, :submitted)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: values,
    },
  };
  const writes = [
    update,
    ...(review.state === 'assigned'
      ? await cancelPending(table, projectId, review.expertId, caller.now)
      : []),
    stillOpen(table, projectId),
  ];
  const event = projectEventOf(caller, evaluationReviewSubmittedEvent, projectId, {
    expertId: review.expertId,
    revision,
  });
  await commitOrConflict(writes, [event], 'The review');
  return { projectId, state: 'submitted' as const, revision, dueOn: review.dueOn, submittedAt: at };
}

export async function declineReview(projectId: string, caller: Caller, reason?: string) {
  const { review } = await ownReview(projectId, caller);
  return withdraw(projectId, review, 'declined', caller, reason)();
}

/** The expert's assigned projects with what they need to score them; only their own review, never others'. */
export async function assignedReviews(caller: Caller) {
  const items = await queryAll({
    indexName: 'gsi1',
    partitionAttribute: 'gsi1pk',
    partitionValue: keys.assignedReviewListing(caller.principal.ownerId, '').gsi1pk,
  });
  const reviews = items.map((item) => reviewRecord.parse(item)).filter((r) => r.state !== 'withdrawn');
  const out = [];
  for (const review of reviews) {
    const project = await getProject(review.projectId);
    if (!project) continue;
    const evaluation: EvaluationRecord | undefined = await readEvaluation(review.projectId);
    out.push({
      projectId: project.id,
      title: project.title,
      summary: project.summary,
      techField: project.techField,
      stage: project.stage,
      ...(project.trl === undefined ? {} : { trl: project.trl }),
      ...(project.attachments ? { attachments: project.attachments } : {}),
      dueOn: review.dueOn,
      state: review.state === 'submitted' ? ('submitted' as const) : ('assigned' as const),
      evaluationClosed: evaluation?.state === 'closed',
      ...(review.scores
        ? {
            myReview: {
              scores: review.scores,
              ...(review.comments ? { comments: review.comments } : {}),
              ...(review.overallComment ? { overallComment: review.overallComment } : {}),
              revision: review.revision,
              ...(review.submittedAt ? { submittedAt: review.submittedAt } : {}),
            },
          }
        : {}),
    });
  }
  return { items: out };
}
