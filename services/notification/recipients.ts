import type { DomainEvent, Profile, Role } from '@wuhan/domain';
import type { Directory } from './ports.js';
import type { RecipientKind } from './routing.js';
import type { ProjectFacts } from './templates/types.js';

function stringField(data: Record<string, unknown>, name: string): string | undefined {
  const value = data[name];
  return typeof value === 'string' && value ? value : undefined;
}

function stringList(data: Record<string, unknown>, name: string): string[] {
  const value = data[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

async function profiles(
  directory: Directory,
  role: Role,
  ids: readonly (string | undefined)[],
): Promise<Profile[]> {
  const found = await Promise.all(
    ids.filter((id): id is string => id !== undefined).map((id) => directory.profile(role, id)),
  );
  return found.filter((p): p is Profile => p !== undefined);
}

/**
 * The people a recipient kind stands for, for one event. Ids come from the event data first and the project
 * second (routing.ts documents which field). A kind with no id (a project without a commissioner yet) is nobody.
 */
export async function resolveRecipients(
  kind: RecipientKind,
  event: DomainEvent,
  project: ProjectFacts | undefined,
  directory: Directory,
): Promise<Profile[]> {
  const data = event.data;
  switch (kind) {
    case 'staff':
      return directory.staff();
    case 'commissioner':
      return profiles(directory, 'commissioner', [
        stringField(data, 'commissionerId') ?? project?.commissionerId,
      ]);
    case 'partner': {
      // A decision about the project (screened out) names every recommending partner.
      const listed = stringList(data, 'partnerIds');
      if (listed.length > 0) return profiles(directory, 'partner', listed);
      const nominationId = stringField(data, 'nominationId') ?? project?.nominationId;
      const partnerId =
        stringField(data, 'partnerId') ??
        stringField(data, 'recommenderId') ??
        project?.partnerId ??
        (nominationId ? await directory.nominationPartner(nominationId) : undefined);
      return profiles(directory, 'partner', [partnerId]);
    }
    case 'experts':
      return profiles(directory, 'expert', stringList(data, 'expertIds'));
    case 'platform':
      return profiles(directory, 'platform', [stringField(data, 'platformId')]);
    case 'fund_manager':
      return profiles(directory, 'fund_manager', [stringField(data, 'fundManagerId')]);
    case 'filer': {
      // Only the two roles that file subsidy claims; anything else in the data reaches nobody.
      const fields: Record<string, unknown> = data;
      const filer = fields.filedBy;
      if (typeof filer !== 'object' || filer === null) return [];
      const role = 'role' in filer ? filer.role : undefined;
      const id = 'id' in filer && typeof filer.id === 'string' ? filer.id : undefined;
      return role === 'fund_manager' || role === 'staff' ? profiles(directory, role, [id]) : [];
    }
  }
}
