import {
  assertTransition,
  type Caller,
  type DomainEvent,
  InvalidInputError,
  isClosed,
  type LifecycleCommand,
  NotFoundError,
  type ProjectStatus,
  projectEventOf,
  projectScreenedOutEvent,
  projectStatusChangedEvent,
  recommendingPartners,
} from '@wuhan/domain';
import { config } from '../config.js';
import { commit, type TransactItem } from '../outbox.js';
import { type RetryOptions, withOptimisticRetry } from '../retry.js';
import {
  commissionerCounterUpdate,
  type ProjectChange,
  projectStatusChange,
  projectUpdate,
  type StoredProject,
} from './items.js';
import { getProject, recommendationsOf } from './repository.js';

/** What a command writes with its move, decided on the project as read. */
export interface MovePlan {
  /** More attributes of the project itself, in the same conditioned update as the status. */
  change?: ProjectChange;
  /** Other items (the evaluation's outcome, the match's acceptance, the enterprise registry). */
  writes?: readonly TransactItem[];
  /** The command's own events besides the status event (a milestone's). */
  events?: readonly DomainEvent[];
  /** What the status event carries beyond the move itself. */
  data?: Readonly<Record<string, unknown>>;
}

/** A lifecycle move asked for by a command (packages/domain/src/project/status.ts names who owns what). */
export interface ProjectMove {
  to: ProjectStatus;
  command: LifecycleCommand;
  reason?: string;
  plan?: (project: StoredProject) => MovePlan | Promise<MovePlan>;
}

function merged(a: ProjectChange, b: ProjectChange | undefined): ProjectChange {
  if (!b) return a;
  return { set: { ...a.set, ...b.set }, addToSet: { ...a.addToSet, ...b.addToSet } };
}

/**
 * Moves a project to another status, if the transition table gives that move to this command (anything else is
 * 409), in one transaction with the command's own writes and events and the status event, conditioned on the
 * version read: two moves at once cannot both succeed from the same state, and the loser is decided again on a
 * fresh read. Entering a closed status (landed, screened out, not qualified) frees a slot of the commissioner
 * (§二(二)); a staff override reopening one takes it again. Screening out and overrides need a reason.
 *
 * This is the one way any service changes a project's status: evaluation, matching and intake call it with
 * their own command.
 */
export async function moveProject(
  projectId: string,
  move: ProjectMove,
  caller: Caller,
  retry?: RetryOptions,
): Promise<StoredProject> {
  return withOptimisticRetry(async () => {
    const project = await getProject(projectId);
    if (!project) throw new NotFoundError(`No project ${projectId}`);
    return moveProjectAsRead(project, move, caller);
  }, retry);
}

/**
 * One attempt of a move on a project the caller has just read (strongly consistent): for a use case that reads
 * the project for its own decision first and retries the whole decision itself (`withOptimisticRetry`). A lost
 * race surfaces as `TransactionRejected`.
 */
export async function moveProjectAsRead(
  project: StoredProject,
  move: ProjectMove,
  caller: Caller,
): Promise<StoredProject> {
  const projectId = project.id;
  const needsReason = move.to === 'screened_out' || move.command === 'staff_override';
  if (needsReason && move.reason === undefined) {
    const what = move.to === 'screened_out' ? 'Screening a project out' : 'A staff override';
    throw new InvalidInputError(`${what} needs a reason`, 'body.reason');
  }
  assertTransition(project.status, move.to, move.command);
  const plan = (await move.plan?.(project)) ?? {};
  const table = config().tableName;
  const writes: TransactItem[] = [
    projectUpdate(table, project, merged(projectStatusChange(project, move.to), plan.change), caller.now),
    ...(plan.writes ?? []),
  ];
  if (project.commissionerId && isClosed(move.to) !== isClosed(project.status)) {
    writes.push(commissionerCounterUpdate(table, project.commissionerId, isClosed(move.to) ? -1 : 1));
  }
  // A screened-out project's recommending partners are each told why (notification routes to `partnerIds`).
  const partnerIds =
    move.to === 'screened_out' ? recommendingPartners(await recommendationsOf(projectId)) : [];
  const data = {
    title: project.title,
    district: project.district,
    from: project.status,
    command: move.command,
    ...(project.commissionerId ? { commissionerId: project.commissionerId } : {}),
    ...(partnerIds.length > 0 ? { partnerIds } : {}),
    ...plan.data,
  };
  const statusEvent =
    move.to === 'screened_out'
      ? projectEventOf(caller, projectScreenedOutEvent, projectId, {
          ...data,
          to: 'screened_out',
          reason: move.reason as string,
        })
      : projectEventOf(caller, projectStatusChangedEvent, projectId, {
          ...data,
          to: move.to,
          ...(move.reason === undefined ? {} : { reason: move.reason }),
        });
  await commit(writes, [...(plan.events ?? []), statusEvent]);
  return { ...project, status: move.to, updatedAt: caller.now.toISOString(), version: project.version + 1 };
}
