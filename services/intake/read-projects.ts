import {
  getCommissioner,
  getProject,
  type Page,
  type ProjectFilter,
  parseProject,
  projectsListing,
  projectView,
  queryListing,
  readProjectPartition,
  type StoredProject,
} from '@wuhan/aws';
import type { Caller } from '@wuhan/domain';
import { NotFoundError, type Project } from '@wuhan/domain';

/**
 * Who may see a project: staff, and the commissioners of its district (§二(二): they discover and coach the
 * district's projects). Anyone else is answered as if the project did not exist.
 */
export async function mayReadProject(project: Project, caller: Caller): Promise<boolean> {
  if (caller.principal.role === 'staff') return true;
  if (caller.principal.role !== 'commissioner') return false;
  if (project.commissionerId === caller.principal.ownerId) return true;
  const commissioner = await getCommissioner(caller.principal.ownerId);
  return commissioner?.district === project.district;
}

/** A project as staff or its commissioner acts on it: only the assigned commissioner, besides staff. */
export async function projectForCommissionerOrStaff(id: string, caller: Caller): Promise<StoredProject> {
  const project = await getProject(id);
  const allowed =
    project !== undefined &&
    (caller.principal.role === 'staff' ||
      (caller.principal.role === 'commissioner' && project.commissionerId === caller.principal.ownerId));
  if (!project || !allowed) throw new NotFoundError(`No project ${id}`);
  return project;
}

export async function readProject(id: string, caller: Caller) {
  const { project, recommendations, history } = await readProjectPartition(id);
  if (!project || !(await mayReadProject(project, caller))) throw new NotFoundError(`No project ${id}`);
  return {
    project: projectView(project),
    status: project.status,
    recommendations: recommendations.map(({ projectId: _p, ...rest }) => rest),
    // Every event with its time, actor and data; history rows sort by event id, which sorts by time.
    history: history.map(({ id: eventId, type, occurredAt, actor, correlationId, data }) => ({
      id: eventId,
      type,
      occurredAt,
      actor,
      correlationId,
      data,
    })),
  };
}

export async function listProjects(
  filter: ProjectFilter,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<Page<Project>> {
  const page = await queryListing(projectsListing(filter), limit, start, parseProject);
  return { ...page, items: page.items.map(projectView) };
}
