import { type TransactItem, withOptimisticRetry } from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  type DomainEvent,
  ForbiddenError,
  NotFoundError,
  newEventOf,
  subsidyApprovedEvent,
  subsidyRejectedEvent,
} from '@wuhan/domain';
import { capRelease, claimDecided } from './items.js';
import type { ClaimRecord } from './record.js';

export interface DecidePorts {
  tableName: string;
  readClaim(claimId: string): Promise<ClaimRecord | undefined>;
  commit(writes: readonly TransactItem[], events: readonly DomainEvent[]): Promise<void>;
}

export interface Decision {
  decision: 'approved' | 'rejected';
  reason: string;
}

/**
 * Staff's decision on a computed claim (issue 11 point 4). Approval keeps the reservation; rejection gives the
 * award back to every cap it was reserved against, in the same transaction as the status change (conditioned
 * on `computed`, so of two decisions at once exactly one happens; the other is a 409).
 */
export async function decideClaim(
  claimId: string,
  decision: Decision,
  caller: Caller,
  ports: DecidePorts,
): Promise<ClaimRecord> {
  return withOptimisticRetry(async () => {
    const claim = await ports.readClaim(claimId);
    if (!claim) throw new NotFoundError(`No subsidy claim ${claimId}`);
    if (claim.status !== 'computed' || !claim.assessment) {
      throw new ConflictError(`The claim is ${claim.status}: only a computed claim can be decided`, {
        claimStatus: claim.status,
      });
    }
    // Four eyes: money a staff member asked for is approved by someone else. Rejecting one's own claim (a
    // withdrawal) pays nothing, so it stays open to the filer.
    if (
      decision.decision === 'approved' &&
      claim.filedBy.role === 'staff' &&
      claim.filedBy.id === caller.principal.ownerId
    ) {
      throw new ForbiddenError('Four eyes: the staff member who filed this claim may not approve it', {
        filedBy: claim.filedBy.id,
      });
    }
    const { awardFen } = claim.assessment;
    const decided = {
      decision: decision.decision,
      reason: decision.reason,
      by: caller.principal.ownerId,
      at: caller.now.toISOString(),
    };
    const writes: TransactItem[] = [claimDecided(ports.tableName, claimId, decided)];
    if (decision.decision === 'rejected' && awardFen > 0) {
      for (const cap of claim.assessment.caps) {
        writes.push(capRelease(ports.tableName, cap.key, awardFen, caller.now));
      }
    }
    const event = newEventOf(decision.decision === 'approved' ? subsidyApprovedEvent : subsidyRejectedEvent, {
      actor: { role: caller.principal.role, id: caller.principal.ownerId },
      subject: { kind: 'subsidy_claim', id: claimId },
      correlationId: caller.correlationId,
      now: caller.now,
      data: {
        claimId,
        subsidyType: claim.subsidyType,
        awardFen,
        reason: decision.reason,
        ...(claim.managerId ? { fundManagerId: claim.managerId } : {}),
        ...(claim.projectId ? { projectId: claim.projectId } : {}),
      },
    });
    await ports.commit(writes, [event]);
    return { ...claim, status: decision.decision, decision: decided };
  });
}
