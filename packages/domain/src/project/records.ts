import * as z from 'zod';
import { districtIds, partnerTypeIds, stageIds, techFieldIds } from '../vocabulary.js';
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
  trl: z.number().int().min(1).max(9).optional(),
  leadOrganization: z.string(),
  teamLead: z.object({ name: z.string(), email: z.string(), phone: z.string().optional() }),
  district: z.enum(districtIds),
  fundingNeedFen: z.number().int().min(0).optional(),
  nationalProject: z
    .object({
      programme: z.literal('national_key_rnd_disruptive'),
      enterpriseLed: z.boolean(),
      approvedFen: z.number().int().min(0),
    })
    .optional(),
  competition: z.object({ year: z.number().int(), prizeTier: z.string() }).optional(),
  attachments: z.array(z.object({ name: z.string(), url: z.string() })).optional(),
};

export const projectRecord = z.object({
  ...description,
  id: z.string(),
  status: z.enum(projectStatusIds),
  stageTrlMismatch: z.boolean(),
  declaredStage: z.enum(stageIds).optional(),
  commissionerId: z.string().optional(),
  recommendationCount: z.number().int().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
  enterpriseCodes: z.array(z.string()).optional(),
  nationalLibrary: z.object({ date: z.string(), reference: z.string() }).optional(),
});

/** A project as stored: the domain fields plus the optimistic-concurrency version. */
export const storedProjectRecord = projectRecord.extend({ version: z.number().int().positive() });

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
