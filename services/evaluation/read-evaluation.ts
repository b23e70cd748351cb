import { getCommissioner, getProject, recommendationsOf } from '@wuhan/aws';
import {
  type Caller,
  evaluationMeansSchema,
  ForbiddenError,
  NotFoundError,
  recommendingPartners,
} from '@wuhan/domain';
import { readEvaluation, readReviews, readRounds } from './store.js';

/**
 * The assignment rounds answered: the latest this many, oldest first, with `roundCount` saying how many there
 * are in all. Each round explains every candidate of the pool, so the answer is bounded by this, not by how long
 * a project waited for experts (a project has a round per expert chosen or withdrawn).
 */
export const ROUNDS_ANSWERED = 50;

/**
 * The explanation lines answered at most (one per candidate of each round's pool, ≈ 150 B): older rounds stop
 * where the next would pass it, so the answer stays far below Lambda's 6 MB response however large the pool
 * (5,000 lines ≈ 750 KB); the newest round wanted is answered whatever its size.
 */
export const LINES_ANSWERED = 5000;

/**
 * `GET /v1/projects/{id}/evaluation`. Staff and the district's commissioners see the whole record: every score by
 * expert, the parameter version, the computation, the latest assignment rounds (`ROUNDS_ANSWERED`, at most
 * `LINES_ANSWERED` explanation lines, below `roundsBefore` when paging back) with their explanations,
 * `roundCount` (how many there are in all) and `olderRoundsBefore` where older ones were left out. A recommending
 * partner sees the outcome and the means only, never who scored what. Anyone else: 404 (as for the project).
 */
export async function evaluationFor(projectId: string, caller: Caller, roundsBefore?: number) {
  const project = await getProject(projectId);
  if (!project) throw new NotFoundError(`No project ${projectId}`);
  const { role, ownerId } = caller.principal;
  const partner =
    role === 'partner' && recommendingPartners(await recommendationsOf(projectId)).includes(ownerId);
  // Staff, and the commissioners of the project's district (its own, and the district's others, as for reading
  // the project itself: services/intake/read-projects.ts).
  const full =
    role === 'staff' ||
    (role === 'commissioner' &&
      (project.commissionerId === ownerId ||
        (await getCommissioner(ownerId))?.district === project.district));
  if (!full && !partner) throw new NotFoundError(`No project ${projectId}`);
  const record = await readEvaluation(projectId);
  if (!record) throw new NotFoundError(`Project ${projectId} has no evaluation yet`);
  const decision = record.decision ?? {};
  const means = evaluationMeansSchema.safeParse(decision.means);
  const consensus =
    typeof decision.consensus === 'object' && decision.consensus !== null
      ? (decision.consensus as Record<string, unknown>)
      : undefined;
  const summary = {
    projectId,
    state: record.state,
    ...(record.outcome ? { outcome: record.outcome } : {}),
    ...(means.success ? { means: means.data } : {}),
    ...(record.outcome
      ? { decidedBy: consensus ? ('consensus_decision' as const) : ('evaluation_outcome' as const) }
      : {}),
  };
  if (!full) return summary;
  if (role !== 'staff' && role !== 'commissioner') throw new ForbiddenError('Not allowed');
  const [reviews, rounds] = await Promise.all([
    readReviews(projectId),
    readRounds(record, ROUNDS_ANSWERED, {
      ...(roundsBefore !== undefined ? { before: roundsBefore } : {}),
      lines: LINES_ANSWERED,
    }),
  ]);
  // Older rounds left out (by the count or the lines): where to page back from; none when no older round exists.
  const oldest = rounds.more ? rounds.rounds[0]?.number : undefined;
  return {
    ...summary,
    ...(typeof decision.parameterVersion === 'number' ? { parameterVersion: decision.parameterVersion } : {}),
    ...(decision.computation ? { computation: decision.computation as Record<string, unknown> } : {}),
    reviews: reviews.map((r) => ({
      expertId: r.expertId,
      state: r.state,
      ...(r.scores ? { scores: r.scores } : {}),
      ...(r.comments ? { comments: r.comments } : {}),
      ...(r.overallComment ? { overallComment: r.overallComment } : {}),
      revision: r.revision,
      ...(r.submittedAt ? { submittedAt: r.submittedAt } : {}),
      ...(r.withdrawalReason ? { withdrawalReason: r.withdrawalReason } : {}),
    })),
    rounds: rounds.rounds.map((r) => r.round),
    // The newest round known: the record's count, or a round item committed between the two reads.
    roundCount: rounds.count,
    ...(oldest !== undefined && oldest > 1 ? { olderRoundsBefore: oldest } : {}),
    ...(consensus ? { consensus } : {}),
  };
}
