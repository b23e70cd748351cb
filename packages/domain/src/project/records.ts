import { districtIds, partnerTypeIds, stageIds, techFieldIds } from '../vocabulary.js';
import * as z from '../zod.js';
import type { Enterprise } from './milestones.js';
import type { Nomination, Project, Recommendation } from './project.js';
import { projectStatusIds } from './status.js';

/**
 * The project aggregate's records as stored, checked when read back (a table item is data from outside the
 * process: an older shape or a hand edit must fail loudly at the read, not deep inside a rule). Lenient on
 * text (the edge already refused bad text when it was written); strict on the identifiers rules depend on.
 */

const description = {
  title: z.string(),
  summary: z.string(),
  techField: z.enum(techFieldIds),
  stage: z.enum(stageIds),
  trl: z.optional(z.number().check(z.int(), z.gte(1), z.lte(9))),
  leadOrganization: z.string(),
  teamLead: z.object({ name: z.string(), email: z.string(), phone: z.optional(z.string()) }),
  district: z.enum(districtIds),
  fundingNeedFen: z.optional(z.number().check(z.int(), z.gte(0))),
  nationalProject: z.optional(
    z.object({
      programme: z.literal('national_key_rnd_disruptive'),
      enterpriseLed: z.boolean(),
      approvedFen: z.number().check(z.int(), z.gte(0)),
    }),
  ),
  competition: z.optional(z.object({ year: z.number().check(z.int()), prizeTier: z.string() })),
  attachments: z.optional(z.array(z.object({ name: z.string(), url: z.string() }))),
};

export const projectRecord = z.object({
  ...description,
  id: z.string(),
  status: z.enum(projectStatusIds),
  stageTrlMismatch: z.boolean(),
  declaredStage: z.optional(z.enum(stageIds)),
  commissionerId: z.optional(z.string()),
  recommendationCount: z.number().check(z.int(), z.gte(0)),
  createdAt: z.string(),
  updatedAt: z.string(),
  enterpriseCodes: z.optional(z.array(z.string())),
  nationalLibrary: z.optional(z.object({ date: z.string(), reference: z.string() })),
});

/** A project as stored: the domain fields plus the optimistic-concurrency version. */
export const storedProjectRecord = z.extend(projectRecord, {
  version: z.number().check(z.int(), z.positive()),
});

export const recommendationRecord = z.object({
  projectId: z.string(),
  recommenderId: z.string(),
  channel: z.enum(partnerTypeIds),
  nominationId: z.string(),
  submittedBy: z.string(),
  recommendedAt: z.string(),
});

export const nominationRecord = z.object({
  ...description,
  id: z.string(),
  projectId: z.string(),
  submittedBy: z.string(),
  submitterRole: z.enum(['partner', 'staff']),
  recommenderId: z.string(),
  channel: z.enum(partnerTypeIds),
  submittedAt: z.string(),
  correlationId: z.string(),
});

export const enterpriseRecord = z.object({
  creditCode: z.string(),
  enterpriseName: z.string(),
  projectId: z.string(),
  district: z.enum(districtIds),
  landedOn: z.string(),
});

// The records and the domain's interfaces must describe the same thing: a drift is a compile error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type RecordsAgreeWithDomain = Assert<
  Same<z.infer<typeof projectRecord>, Project> &
    Same<z.infer<typeof recommendationRecord>, Recommendation> &
    Same<z.infer<typeof nominationRecord>, Nomination> &
    Same<z.infer<typeof enterpriseRecord>, Enterprise>
>;
