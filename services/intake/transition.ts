import { moveProject, projectView, type RetryOptions } from '@wuhan/aws';
import type { Caller, Project, ProjectStatus } from '@wuhan/domain';

/**
 * §二(三): staff screen a nominated project: it passes to expert review (§二(四)), or it is screened out with the
 * reason its recommending partners and its commissioner are told.
 */
export async function screen(
  projectId: string,
  decision: { decision: 'pass'; note?: string } | { decision: 'screen_out'; reason: string },
  caller: Caller,
  retry?: RetryOptions,
): Promise<Project> {
  const moved = await moveProject(
    projectId,
    decision.decision === 'pass'
      ? { to: 'under_review', command: 'screening', ...(decision.note ? { reason: decision.note } : {}) }
      : { to: 'screened_out', command: 'screening', reason: decision.reason },
    caller,
    retry,
  );
  return projectView(moved);
}

/**
 * Staff correct the lifecycle where no capability owns the move (a screening reversed, a re-evaluation
 * ordered), always with a reason that lands in the project's history. Every other move belongs to its command:
 * asking for one here is 409, naming the command that owns it.
 */
export async function overrideStatus(
  projectId: string,
  to: ProjectStatus,
  reason: string,
  caller: Caller,
  retry?: RetryOptions,
): Promise<Project> {
  return projectView(await moveProject(projectId, { to, command: 'staff_override', reason }, caller, retry));
}
