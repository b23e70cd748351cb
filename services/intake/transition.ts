import {
  commissionerCounterUpdate,
  commit,
  config,
  getProject,
  projectStatusChange,
  projectUpdate,
  projectView,
  type RetryOptions,
  recommendationsOf,
  type TransactItem,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  assertTransition,
  type Caller,
  InvalidInputError,
  isClosed,
  NotFoundError,
  type Project,
  type ProjectStatus,
  projectEvent,
  recommendingPartners,
} from '@wuhan/domain';

/**
 * Moves a project to another status if the transition table allows it (any other move is 409), conditioned on
 * the version read, so two staff moving the same project at once cannot both succeed from the same state.
 * Entering a closed status (landed, screened out, not qualified) frees a slot of its commissioner (§二(二)).
 */
export async function changeStatus(
  projectId: string,
  to: ProjectStatus,
  reason: string | undefined,
  caller: Caller,
  retry?: RetryOptions,
): Promise<Project> {
  // §二(三): screening a project out is a decision the partner and the commissioner are told the reason for.
  if (to === 'screened_out' && reason === undefined) {
    throw new InvalidInputError('Screening a project out needs a reason', 'body.reason');
  }
  return withOptimisticRetry(async () => {
    const project = await getProject(projectId);
    if (!project) throw new NotFoundError(`No project ${projectId}`);
    assertTransition(project.status, to);
    const table = config().tableName;
    const writes: TransactItem[] = [
      projectUpdate(table, project, projectStatusChange(project, to), caller.now),
    ];
    if (isClosed(to) && project.commissionerId) {
      writes.push(commissionerCounterUpdate(table, project.commissionerId, -1));
    }
    // A screened-out project's recommending partners are each told why (notification routes to `partnerIds`).
    const partnerIds = to === 'screened_out' ? recommendingPartners(await recommendationsOf(projectId)) : [];
    const data = {
      title: project.title,
      district: project.district,
      from: project.status,
      to,
      ...(reason === undefined ? {} : { reason }),
      ...(project.commissionerId ? { commissionerId: project.commissionerId } : {}),
      ...(partnerIds.length > 0 ? { partnerIds } : {}),
    };
    const type = to === 'screened_out' ? 'project.screened_out' : 'project.status_changed';
    await commit(writes, [projectEvent(caller, type, projectId, data)]);
    return projectView({
      ...project,
      status: to,
      updatedAt: caller.now.toISOString(),
      version: project.version + 1,
    });
  }, retry);
}

/** §二(三): staff screen a nominated project out, with the reason. */
export function screenOut(projectId: string, reason: string, caller: Caller, retry?: RetryOptions) {
  return changeStatus(projectId, 'screened_out', reason, caller, retry);
}
