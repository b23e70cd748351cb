import { InvalidTransitionError } from '../errors.js';

/**
 * A project's lifecycle (§二(三) nomination and screening, §二(四) evaluation and matching, §二(九) landing).
 * The transition table below is the only place that says which moves are allowed and which command owns each.
 */
export const projectStatuses = {
  nominated: '已推荐',
  screened_out: '初筛未通过',
  under_review: '评估中',
  qualified: '评估通过',
  not_qualified: '评估未通过',
  needs_consensus: '待会商',
  matched: '已匹配',
  incubating: '孵化中',
  landed: '已落地',
} as const;
export type ProjectStatus = keyof typeof projectStatuses;
export const projectStatusIds = Object.keys(projectStatuses) as [ProjectStatus, ...ProjectStatus[]];

/**
 * The commands that move a project. Each move of the table belongs to exactly one, so a capability cannot be
 * bypassed: staff cannot mark a project qualified without the evaluation, nor matched without a platform's yes.
 */
export const lifecycleCommands = {
  /** §二(三): staff screen a nomination, passing it to expert review or screening it out with a reason. */
  screening: 'intake',
  /** §二(四): the evaluation decides on the experts' reviews: qualified, not qualified, or consensus needed. */
  evaluation_outcome: 'evaluation',
  /** §二(四): staff decide a case on which the experts disagreed too much to decide automatically. */
  consensus_decision: 'evaluation',
  /** §二(四), §二(六), §二(九): a platform accepted the offer (an offer is its own entity, not a status). */
  match_accepted: 'matching',
  /** The accepted platform withdrew before incubation: the project is qualified again and can be re-offered. */
  match_released: 'matching',
  /** §二(九): the commissioner or staff record that incubation started or that the enterprise landed. */
  milestone: 'intake',
  /** Staff correct the lifecycle where no capability owns the move; always with a reason, kept in history. */
  staff_override: 'intake',
} as const;
export type LifecycleCommand = keyof typeof lifecycleCommands;

/** from → to → the command that owns that move. Anything absent is refused (409). */
export const projectTransitions: Readonly<
  Record<ProjectStatus, Readonly<Partial<Record<ProjectStatus, LifecycleCommand>>>>
> = {
  nominated: { under_review: 'screening', screened_out: 'screening' },
  under_review: {
    qualified: 'evaluation_outcome',
    not_qualified: 'evaluation_outcome',
    needs_consensus: 'evaluation_outcome',
  },
  needs_consensus: { qualified: 'consensus_decision', not_qualified: 'consensus_decision' },
  qualified: { matched: 'match_accepted' },
  // A growth project may land its enterprise straight from the landing park's match (§二(九)).
  matched: { qualified: 'match_released', incubating: 'milestone', landed: 'milestone' },
  incubating: { landed: 'milestone' },
  // A decision staff may reverse with a reason: a screening mistake. (A re-evaluation after an appeal needs
  // an evaluation cycle of its own, which the evaluation does not keep yet: not a move until it does.)
  screened_out: { nominated: 'staff_override' },
  not_qualified: {},
  landed: {},
};

export function canTransition(from: ProjectStatus, to: ProjectStatus): boolean {
  return projectTransitions[from][to] !== undefined;
}

/** The command that owns a move, or undefined when the move is not in the table. */
export function ownerOf(from: ProjectStatus, to: ProjectStatus): LifecycleCommand | undefined {
  return projectTransitions[from][to];
}

/** The moves a command may make from a status (what an API built on the command offers). */
export function movesOf(command: LifecycleCommand, from: ProjectStatus): ProjectStatus[] {
  return (Object.entries(projectTransitions[from]) as [ProjectStatus, LifecycleCommand][])
    .filter(([, owner]) => owner === command)
    .map(([to]) => to);
}

/**
 * Refuses a move the table does not have, and a move another command owns (409 either way), naming what the
 * command may do from here and who owns the move asked for.
 */
export function assertTransition(from: ProjectStatus, to: ProjectStatus, command: LifecycleCommand): void {
  const owner = ownerOf(from, to);
  if (owner === command) return;
  const allowed = movesOf(command, from);
  if (owner === undefined) {
    throw new InvalidTransitionError(`A project that is ${from} cannot become ${to}`, {
      from,
      to,
      command,
      allowed,
    });
  }
  throw new InvalidTransitionError(
    `Moving a ${from} project to ${to} is the ${owner} command's (${lifecycleCommands[owner]}), not ${command}'s`,
    { from, to, command, owner, allowed },
  );
}

/** Statuses that end a commissioner's work on a project: landed, or closed without landing (§二(二)). */
export const closedStatuses: readonly ProjectStatus[] = ['screened_out', 'not_qualified', 'landed'];

/**
 * A commissioner's `openProjects` counts assigned projects not in a closed status (§二(二): judged on landing
 * results); a staff override that reopens a closed project opens its slot again.
 */
export function isClosed(status: ProjectStatus): boolean {
  return closedStatuses.includes(status);
}
