import type { District, PartnerType, PlatformKind, Role } from './vocabulary.js';

/**
 * Everyone the system knows: an API key's owner id is a profile id. Profiles hold what email needs (address,
 * language) and what the rules need (a partner's type, a commissioner's district).
 */
export type Locale = 'zh-CN' | 'en';

interface ProfileBase {
  id: string;
  name: string;
  /** Absent for a profile without a mailbox: notification skips it with a warning event. */
  email?: string;
  locale: Locale;
  /** The organisation (an expert's, for conflicts of interest; a partner's own name). */
  organization?: string;
}

export interface StaffProfile extends ProfileBase {
  role: 'staff';
}
export interface PartnerProfile extends ProfileBase {
  role: 'partner';
  partnerType: PartnerType;
}
export interface CommissionerProfile extends ProfileBase {
  role: 'commissioner';
  district: District;
  /** Projects assigned and not yet landed or closed: assignment picks the commissioner with the fewest. */
  openProjects: number;
}
export interface ExpertProfile extends ProfileBase {
  role: 'expert';
  fields: string[];
}
export interface PlatformProfile extends ProfileBase {
  role: 'platform';
  platformId: string;
  kind: PlatformKind;
}
export interface FundManagerProfile extends ProfileBase {
  role: 'fund_manager';
}

export type Profile =
  | StaffProfile
  | PartnerProfile
  | CommissionerProfile
  | ExpertProfile
  | PlatformProfile
  | FundManagerProfile;

export type ProfileOf<R extends Role> = Extract<Profile, { role: R }>;
