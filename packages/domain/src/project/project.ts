import type { District, PartnerType, Stage, TechField } from '../vocabulary.js';
import { stageMatchesTrl } from '../vocabulary.js';
import type { ProjectStatus } from './status.js';

/** What a nomination says about the project (§二(三)); the HTTP schema in services/intake/api.ts matches it. */
export interface ProjectDescription {
  title: string;
  summary: string;
  techField: TechField;
  stage: Stage;
  trl?: number;
  leadOrganization: string;
  teamLead: { name: string; email: string; phone?: string };
  district: District;
  fundingNeedFen?: number;
  /** §二(五): an enterprise-led national key R&D disruptive-technology project. */
  nationalProject?: { programme: 'national_key_rnd_disruptive'; enterpriseLed: boolean; approvedFen: number };
  /** §二(五): a “武创源” competition prize. */
  competition?: { year: number; prizeTier: string };
  attachments?: { name: string; url: string }[];
}

export interface Project extends ProjectDescription {
  id: string;
  status: ProjectStatus;
  /** §二(四): a declared stage that disagrees with the declared TRL is flagged for the commissioner, not refused. */
  stageTrlMismatch: boolean;
  /** The stage the nomination declared, kept once staff set the final stage (services/evaluation). */
  declaredStage?: Stage;
  commissionerId?: string;
  recommendationCount: number;
  createdAt: string;
  updatedAt: string;
  /** Milestones so far (§一 targets: enterprises landed, entries in the national project library). */
  enterpriseCodes?: string[];
  nationalLibrary?: { date: string; reference: string };
}

/**
 * Who recommends: a partner recommends as itself; staff recommend on behalf of a staff channel (§二(三) 公开征集,
 * the competition, plan results), so two staff members posting the same project for the public call are the
 * same recommender.
 */
export interface Recommender {
  id: string;
  channel: PartnerType;
}

export function recommenderFor(
  role: 'partner' | 'staff',
  ownerId: string,
  channel: PartnerType,
): Recommender {
  return role === 'partner' ? { id: ownerId, channel } : { id: `channel-${channel}`, channel };
}

/** The partners among a project's recommenders (a staff channel's recommender is no partner). */
export function recommendingPartners(recommendations: readonly Recommendation[]): string[] {
  return recommendations.filter((r) => !r.recommenderId.startsWith('channel-')).map((r) => r.recommenderId);
}

export interface Recommendation {
  projectId: string;
  recommenderId: string;
  channel: PartnerType;
  nominationId: string;
  submittedBy: string;
  recommendedAt: string;
}

export interface Nomination extends ProjectDescription {
  id: string;
  projectId: string;
  /** The caller that posted it (a partner, or the staff member): it and staff may read it. */
  submittedBy: string;
  submitterRole: 'partner' | 'staff';
  recommenderId: string;
  channel: PartnerType;
  submittedAt: string;
  correlationId: string;
}

export function newProject(
  id: string,
  description: ProjectDescription,
  commissionerId: string | undefined,
  now: Date,
): Project {
  return {
    ...description,
    id,
    status: 'nominated',
    stageTrlMismatch: !stageMatchesTrl(description.stage, description.trl),
    ...(commissionerId ? { commissionerId } : {}),
    recommendationCount: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
