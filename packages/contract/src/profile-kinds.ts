import type { Role } from '@wuhan/domain';

/**
 * The five kinds of profile staff manage over the API: the path segment, the role its keys carry and the id
 * prefix. Staff themselves are not here: the first staff member comes from `npm run admin -- bootstrap-staff`,
 * and staff keys from `POST /v1/keys`.
 */
export const profileKinds = {
  experts: { role: 'expert', idPrefix: 'exp', label: 'expert' },
  platforms: { role: 'platform', idPrefix: 'plt', label: 'platform' },
  'fund-managers': { role: 'fund_manager', idPrefix: 'fnd', label: 'fund manager' },
  commissioners: { role: 'commissioner', idPrefix: 'com', label: 'commissioner' },
  partners: { role: 'partner', idPrefix: 'ptn', label: 'partner' },
} as const satisfies Record<string, { role: Exclude<Role, 'staff'>; idPrefix: string; label: string }>;

export type ProfileKind = keyof typeof profileKinds;
export type ManagedRole = (typeof profileKinds)[ProfileKind]['role'];
export const profileKindIds = Object.keys(profileKinds) as ProfileKind[];
