import {
  getNominationItem,
  getProject,
  type NominationItem,
  nominationsListing,
  type Page,
  parseNominationItem,
  projectSummaries,
  queryListing,
} from '@wuhan/aws';
import type { Caller } from '@wuhan/domain';
import { type Nomination, NotFoundError, type ProjectStatus } from '@wuhan/domain';

export type NominationView = Nomination & { projectStatus?: ProjectStatus };

/**
 * A nomination is read by the caller that posted it and by staff. Anyone else gets the same 404 as for a
 * nomination that does not exist, so ids cannot be probed to learn what other partners recommend.
 */
export async function readNomination(id: string, caller: Caller): Promise<NominationView> {
  const stored = await getNominationItem(id);
  const nomination = stored?.nomination;
  const allowed =
    nomination !== undefined &&
    (caller.principal.role === 'staff' ||
      // Owner ids are unique within a role only: the role must match too.
      (nomination.submittedBy === caller.principal.ownerId &&
        nomination.submitterRole === caller.principal.role));
  if (!stored || !nomination || !allowed) throw new NotFoundError(`No nomination ${id}`);
  // The partner cannot read the project itself; its current status is what the partner wants to know.
  const project = await getProject(nomination.projectId);
  const whole = stored.summaryInProject
    ? withSummary(stored.nomination, project?.summary)
    : stored.nomination;
  return { ...whole, ...(project ? { projectStatus: project.status } : {}) };
}

/** A nomination that created its project keeps its summary there (written in one transaction, never changed). */
function withSummary(nomination: Omit<Nomination, 'summary'>, summary: string | undefined): Nomination {
  if (summary === undefined)
    throw new Error(`Nomination ${nomination.id}: project ${nomination.projectId} is missing`);
  return { ...nomination, summary };
}

/** The caller's own nominations, newest first (nomination ids sort by time). */
export async function listOwnNominations(
  caller: Caller,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<Page<Nomination>> {
  const page = await queryListing(
    nominationsListing(caller.principal.ownerId),
    limit,
    start,
    parseNominationItem,
  );
  const summaries = await projectSummaries(
    page.items.flatMap((item) => (item.summaryInProject ? [item.nomination.projectId] : [])),
  );
  const whole = (item: NominationItem): Nomination =>
    item.summaryInProject
      ? withSummary(item.nomination, summaries.get(item.nomination.projectId))
      : item.nomination;
  return { ...page, items: page.items.map(whole) };
}
