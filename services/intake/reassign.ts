import {
  commissionerCounterUpdate,
  commit,
  config,
  getCommissioner,
  getProject,
  projectUpdate,
  projectView,
  type RetryOptions,
  type TransactItem,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  InvalidInputError,
  isClosed,
  NotFoundError,
  type Project,
  projectAssignedEvent,
  projectEventOf,
} from '@wuhan/domain';

/**
 * Staff reassign a project to another commissioner of its district (§二(二)). An open project's slot moves
 * from the old commissioner's counter to the new one's in the same transaction; a closed project already
 * freed its slot, so only the name changes.
 */
export async function reassignCommissioner(
  projectId: string,
  input: { commissionerId: string; reason?: string },
  caller: Caller,
  retry?: RetryOptions,
): Promise<Project> {
  return withOptimisticRetry(async () => {
    const project = await getProject(projectId);
    if (!project) throw new NotFoundError(`No project ${projectId}`);
    const target = await getCommissioner(input.commissionerId);
    if (!target || target.district !== project.district) {
      throw new InvalidInputError(
        `No commissioner ${input.commissionerId} in the project's district ${project.district}`,
        'body.commissionerId',
      );
    }
    const previous = project.commissionerId;
    if (previous === target.id) {
      throw new ConflictError(`The project is already assigned to ${target.id}`, {
        commissionerId: target.id,
      });
    }
    const table = config().tableName;
    const writes: TransactItem[] = [
      projectUpdate(table, project, { set: { commissionerId: target.id } }, caller.now),
    ];
    if (!isClosed(project.status)) {
      writes.push(commissionerCounterUpdate(table, target.id, 1));
      if (previous) writes.push(commissionerCounterUpdate(table, previous, -1));
    }
    const event = projectEventOf(caller, projectAssignedEvent, projectId, {
      title: project.title,
      district: project.district,
      commissionerId: target.id,
      ...(previous ? { previousCommissionerId: previous } : {}),
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    });
    await commit(writes, [event]);
    return projectView({
      ...project,
      commissionerId: target.id,
      updatedAt: caller.now.toISOString(),
      version: project.version + 1,
    });
  }, retry);
}
