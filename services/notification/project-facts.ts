import type { DomainEvent } from '@wuhan/domain';
import type { Directory } from './ports.js';
import type { ProjectFacts } from './templates/types.js';

const factFields = [
  'title',
  'district',
  'techField',
  'stage',
  'leadOrganization',
  'nominationId',
  'partnerId',
  'commissionerId',
] as const;

/** The project an event is about: `data.projectId`, else a project subject. */
export function projectIdOf(event: DomainEvent): string | undefined {
  // Read as a plain record: not every event type declares a project id.
  const data: Readonly<Record<string, unknown>> = event.data;
  const fromData = data.projectId;
  if (typeof fromData === 'string' && fromData) return fromData;
  return event.subject.kind === 'project' ? event.subject.id : undefined;
}

function fromEventData(id: string, data: Record<string, unknown>): ProjectFacts {
  const facts: ProjectFacts = { id };
  for (const name of factFields) {
    const value = data[name];
    if (typeof value === 'string' && value) facts[name] = value;
  }
  return facts;
}

/**
 * What the emails say about the project: the event's own data first (it describes the project as it was when
 * the event happened, and costs no read); the project item fills only what the event did not carry.
 */
export async function projectFacts(
  event: DomainEvent,
  directory: Directory,
): Promise<ProjectFacts | undefined> {
  const id = projectIdOf(event);
  if (!id) return undefined;
  const facts = fromEventData(id, event.data);
  if (facts.title && facts.district && facts.commissionerId) return facts;
  const stored = await directory.project(id);
  return stored ? { ...stored, ...facts } : facts;
}
