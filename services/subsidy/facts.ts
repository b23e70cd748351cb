import type { getEnterprise, getProject } from '@wuhan/aws';
import type { ClaimFacts, ProjectStatus } from '@wuhan/domain';
import { type ClaimRecord, creditCodeOf, projectOf } from './record.js';

/**
 * A project that is qualified, or went on from qualified (matched, incubating, landed): the lifecycle reaches
 * these only through a qualification (packages/domain/src/project/status.ts), so "has qualified, now or earlier".
 */
export const qualifiedOrLater: readonly ProjectStatus[] = ['qualified', 'matched', 'incubating', 'landed'];

export interface FactReads {
  getEnterprise: typeof getEnterprise;
  getProject: typeof getProject;
  earlierRewardClaims(managerId: string, creditCode: string, claimId: string): Promise<number>;
}

async function hasQualified(projectId: string, reads: FactReads): Promise<boolean> {
  const project = await reads.getProject(projectId);
  return project !== undefined && qualifiedOrLater.includes(project.status);
}

/**
 * Issue 11 point 3, checked against the system: the enterprise of an investment claim is one the programme
 * incubated (an `enterprise_landed` milestone of a qualified project registered its credit code); a claim's
 * project has qualified; the manager's earlier rewards for the enterprise come from our own claims.
 */
export async function factsOf(claim: ClaimRecord, reads: FactReads): Promise<ClaimFacts> {
  const facts: ClaimFacts = {};
  const creditCode = creditCodeOf(claim.input);
  if (creditCode) {
    const enterprise = await reads.getEnterprise(creditCode);
    facts.enterpriseIncubated = enterprise !== undefined && (await hasQualified(enterprise.projectId, reads));
    // The project a loss compensation names keys its per-project cap: it must be the enterprise's own project.
    if (claim.subsidyType === 'investment_loss_compensation') {
      facts.projectIsEnterprises =
        enterprise !== undefined && enterprise.projectId === projectOf(claim.input);
    }
  }
  if (claim.projectId) facts.projectQualified = await hasQualified(claim.projectId, reads);
  if (claim.subsidyType === 'equity_investment_reward' && creditCode && claim.managerId) {
    facts.earlierClaimsByManagerForEnterprise = await reads.earlierRewardClaims(
      claim.managerId,
      creditCode,
      claim.claimId,
    );
  }
  return facts;
}
