import { InvalidTransitionError } from '../errors.js';

/**
 * A project's lifecycle (§二(三) nomination and screening, §二(四) evaluation and matching, §二(九) landing).
 * The transition table below is the only place that says which moves are allowed.
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

/** from → the statuses it may move to. Anything absent is refused (409). */
export const projectTransitions: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  // §二(三): the Wuhan centre screens each nomination before evaluation.
  nominated: ['screened_out', 'under_review'],
  // §二(四): expert evaluation on the seven dimensions; strong disagreement goes to staff for consensus.
  under_review: ['qualified', 'not_qualified', 'needs_consensus'],
  needs_consensus: ['qualified', 'not_qualified'],
  // §二(四), §二(六): a qualified project is matched to a platform by its stage…
  qualified: ['matched'],
  matched: ['incubating'],
  // §二(九): …incubated and landed in Wuhan.
  incubating: ['landed'],
  screened_out: [],
  not_qualified: [],
  landed: [],
};

export function canTransition(from: ProjectStatus, to: ProjectStatus): boolean {
  return projectTransitions[from].includes(to);
}

export function assertTransition(from: ProjectStatus, to: ProjectStatus): void {
  if (!canTransition(from, to)) {
    throw new InvalidTransitionError(`A project that is ${from} cannot become ${to}`, {
      from,
      to,
      allowed: projectTransitions[from],
    });
  }
}

/**
 * Statuses that end a commissioner's work on a project: landed, or closed without landing. A commissioner's
 * `openProjects` counts assigned projects not in one of these (§二(二): judged on landing results).
 */
export function isClosed(status: ProjectStatus): boolean {
  return projectTransitions[status].length === 0;
}
