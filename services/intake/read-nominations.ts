import {
  getNomination,
  getProject,
  nominationsListing,
  type Page,
  parseNomination,
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
  const nomination = await getNomination(id);
  const allowed =
    nomination !== undefined &&
    (caller.principal.role === 'staff' ||
      // Owner ids are unique within a role only: the role must match too.
      (nomination.submittedBy === caller.principal.ownerId &&
        nomination.submitterRole === caller.principal.role));
  if (!nomination || !allowed) throw new NotFoundError(`No nomination ${id}`);
  // The partner cannot read the project itself; its current status is what the partner wants to know.
  const project = await getProject(nomination.projectId);
  return { ...nomination, ...(project ? { projectStatus: project.status } : {}) };
}

/** The caller's own nominations, newest first (nomination ids sort by time). */
export async function listOwnNominations(
  caller: Caller,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<Page<Nomination>> {
  return queryListing(nominationsListing(caller.principal.ownerId), limit, start, parseNomination);
}
