import { type Page, queryListing } from '@wuhan/aws';
import type { subsidyClaimView } from '@wuhan/contract';
import { type Caller, NotFoundError } from '@wuhan/domain';
import type * as z from '@wuhan/domain/zod';
import { type ClaimRecord, recordOfItem } from './record.js';
import { type ClaimFilter, claimsListing, readClaim } from './store.js';

export type ClaimView = z.input<typeof subsidyClaimView>;

/** What a reader sees of a claim: the claim as filed, and once assessed its award, trace, reasons and caps. */
export function viewOf(claim: ClaimRecord): ClaimView {
  const { assessment } = claim;
  const { subsidyType: _type, ...fields } = claim.input;
  return {
    claimId: claim.claimId,
    subsidyType: claim.subsidyType,
    status: claim.status,
    ...(claim.managerId ? { managerId: claim.managerId } : {}),
    ...(claim.projectId ? { projectId: claim.projectId } : {}),
    assessOn: claim.assessOn,
    filedAt: claim.filedAt,
    filedBy: claim.filedBy,
    claim: fields,
    ...(assessment ? { awardFen: assessment.awardFen } : {}),
    reasons: assessment?.reasons ?? [],
    trace: assessment?.trace ?? [],
    caps: assessment?.caps ?? [],
    ...(assessment?.shares ? { shares: assessment.shares } : {}),
    ...(claim.decision ? { decision: claim.decision } : {}),
  };
}

/** Staff, the filer, and the fund manager the claim is for may read it; anyone else gets the 404 of no claim. */
export function mayRead(claim: ClaimRecord, caller: Caller): boolean {
  const { role, ownerId } = caller.principal;
  if (role === 'staff') return true;
  if (claim.filedBy.role === role && claim.filedBy.id === ownerId) return true;
  return role === 'fund_manager' && claim.managerId === ownerId;
}

export async function readClaimFor(claimId: string, caller: Caller): Promise<ClaimRecord> {
  const claim = await readClaim(claimId);
  if (!claim || !mayRead(claim, caller)) throw new NotFoundError(`No subsidy claim ${claimId}`);
  return claim;
}

/** Staff list every claim; a fund manager the claims for itself (its own listing). */
export function listingFor(caller: Caller, filter: ClaimFilter) {
  return claimsListing(caller.principal.role === 'staff' ? undefined : caller.principal.ownerId, filter);
}

export async function listClaims(
  caller: Caller,
  filter: ClaimFilter,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<Page<ClaimRecord>> {
  return queryListing(listingFor(caller, filter), limit, start, recordOfItem);
}
