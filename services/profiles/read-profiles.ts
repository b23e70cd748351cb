import { getProfileWithHistory, listProfilesPage } from '@wuhan/aws';
import { type ProfileKind, profileKinds } from '@wuhan/contract';
import { NotFoundError } from '@wuhan/domain';

export async function readProfile(kind: ProfileKind, id: string) {
  const { role, label } = profileKinds[kind];
  const found = await getProfileWithHistory(role, id);
  if (!found) throw new NotFoundError(`No ${label} ${id}`);
  return found;
}

export async function listProfiles(kind: ProfileKind, limit: number, cursor?: Record<string, unknown>) {
  return listProfilesPage(profileKinds[kind].role, limit, cursor);
}
