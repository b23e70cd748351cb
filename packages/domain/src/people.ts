import { districtIds, partnerTypeIds, platformKindIds, type Role, techFieldIds } from './vocabulary.js';
import * as z from './zod.js';

/**
 * Everyone the system knows: an API key's owner id is a profile id. Profiles hold what email needs (address,
 * language) and what the rules need (a partner's type, a commissioner's district, an expert's fields and
 * conflicts, a platform's queue). ../shared/DOMAIN.md "Profiles" lists the fields.
 *
 * These schemas describe a stored profile as it is read back (the store parses with them instead of casting).
 * Fields that issue 8 added without a natural default are optional here because profiles written before it
 * (older local data, test fixtures) lack them; every profile created over the API has them all (the strict
 * request bodies in services/profiles require them).
 */
export const localeIds = ['zh-CN', 'en'] as const;
export type Locale = (typeof localeIds)[number];

/** §二(二): the expert pool draws on science, industry and the economy. */
export const expertSectors = { science: '科研', industry: '产业', economy: '经济' } as const;
export type ExpertSector = keyof typeof expertSectors;
export const expertSectorIds = Object.keys(expertSectors) as [ExpertSector, ...ExpertSector[]];

/** How many reviews an expert has open at once unless staff set another number. */
export const DEFAULT_MAX_OPEN_REVIEWS = 5;

const lifecycle = {
  /** Absent on profiles stored before profiles had a lifecycle: read as active (see `isActive`). */
  active: z.optional(z.boolean()),
  createdAt: z.optional(z.iso.datetime()),
  updatedAt: z.optional(z.iso.datetime()),
  /** Optimistic-concurrency counter: an update names the version it read and fails if another came first. */
  version: z.optional(z.number().check(z.int(), z.nonnegative())),
  deactivatedAt: z.optional(z.iso.datetime()),
  deactivatedBy: z.optional(z.string()),
  deactivationReason: z.optional(z.string()),
};

const base = {
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  /** Absent for a profile without a mailbox: notification skips it with a warning event. */
  email: z.optional(z.string()),
  locale: z.enum(localeIds),
  /** The organisation (an expert's, for conflicts of interest; a partner's own name). */
  organization: z.optional(z.string()),
  ...lifecycle,
};

const techField = z.enum(techFieldIds);

export const staffProfileSchema = z.object({ role: z.literal('staff'), ...base });
export const partnerProfileSchema = z.object({
  role: z.literal('partner'),
  ...base,
  partnerType: z.enum(partnerTypeIds),
  contactName: z.optional(z.string()),
  contactEmail: z.optional(z.string()),
  district: z.optional(z.enum(districtIds)),
});
export const commissionerProfileSchema = z.object({
  role: z.literal('commissioner'),
  ...base,
  phone: z.optional(z.string()),
  district: z.enum(districtIds),
  /** Projects assigned and not yet landed or closed: assignment picks the commissioner with the fewest. */
  openProjects: z.number().check(z.int()),
});
export const expertProfileSchema = z.object({
  role: z.literal('expert'),
  ...base,
  sector: z.optional(z.enum(expertSectorIds)),
  techFields: z.array(techField),
  /** Organisation names the expert declared a conflict of interest with (§二(四) conflict rule). */
  declaredConflicts: z.optional(z.array(z.string())),
  maxOpenReviews: z.optional(z.number().check(z.int(), z.positive())),
  /** Reviews assigned and not yet closed: moved by atomic ADDs from services/evaluation (absent: none yet). */
  openReviews: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export const platformProfileSchema = z.object({
  role: z.literal('platform'),
  ...base,
  /** A readable slug, also the name of its queue (`platform-<platformId>` in the topology). */
  platformId: z.string(),
  kind: z.enum(platformKindIds),
  techFields: z.optional(z.union([z.literal('all'), z.array(techField)])),
  /** Projects the platform takes on at once. */
  capacity: z.optional(z.number().check(z.int(), z.positive())),
  district: z.optional(z.enum(districtIds)),
  contactEmail: z.optional(z.string()),
  /** The AWS account id or IAM role ARN allowed to read the platform's queue. */
  consumerPrincipal: z.optional(z.string()),
  /** Offers waiting for an answer or accepted: moved by conditional ADDs from services/matching (absent: none). */
  openOffers: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export const fundManagerProfileSchema = z.object({
  role: z.literal('fund_manager'),
  ...base,
  /** GB 32100 unified social credit code of the 管理机构. */
  creditCode: z.optional(z.string()),
  funds: z.optional(z.array(z.string())),
  contactEmail: z.optional(z.string()),
});

export const profileSchema = z.discriminatedUnion('role', [
  staffProfileSchema,
  partnerProfileSchema,
  commissionerProfileSchema,
  expertProfileSchema,
  platformProfileSchema,
  fundManagerProfileSchema,
]);

export type StaffProfile = z.infer<typeof staffProfileSchema>;
export type PartnerProfile = z.infer<typeof partnerProfileSchema>;
export type CommissionerProfile = z.infer<typeof commissionerProfileSchema>;
export type ExpertProfile = z.infer<typeof expertProfileSchema>;
export type PlatformProfile = z.infer<typeof platformProfileSchema>;
export type FundManagerProfile = z.infer<typeof fundManagerProfileSchema>;
export type Profile = z.infer<typeof profileSchema>;

export type ProfileOf<R extends Role> = Extract<Profile, { role: R }>;

/** A profile stored before deactivation existed has no `active` flag and is active. */
export function isActive(profile: Pick<Profile, 'active'>): boolean {
  return profile.active !== false;
}
