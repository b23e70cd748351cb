import { type TransactItem, withOptimisticRetry } from '@wuhan/aws';
import {
  assessClaim,
  type CapEffect,
  type CapSpec,
  type ClaimFacts,
  capsFor,
  type DomainEvent,
  NotFoundError,
  newEventOf,
  noRulesInForce,
  type SubsidyParameters,
  subsidyCapReachedEvent,
  subsidyCapWarningEvent,
  subsidyComputedEvent,
  subsidyIneligibleEvent,
} from '@wuhan/domain';
import { capReserve, claimAssessed } from './items.js';
import { assessmentSchema, type ClaimRecord, type StoredAssessment } from './record.js';

/** What assessing a claim needs from outside: reads, the parameters in force, and the one commit. */
export interface AssessPorts {
  tableName: string;
  now: Date;
  readClaim(claimId: string): Promise<ClaimRecord | undefined>;
  parameters(date: string): Promise<SubsidyParameters>;
  facts(claim: ClaimRecord): Promise<ClaimFacts>;
  /** Each cap key's reserved fen, strongly consistent. */
  capsUsed(capKeys: readonly string[]): Promise<Record<string, number>>;
  /** The claim's writes and events in one transaction with the consumer's inbox item. */
  commit(writes: readonly TransactItem[], events: readonly DomainEvent[]): Promise<'committed' | 'duplicate'>;
}

export type AssessOutcome = 'computed' | 'ineligible' | 'already-assessed' | 'duplicate';

/** Retries on a lost race: up to 15 fresh assessments, with growing jitter, before the message is retried. */
export const ASSESS_ATTEMPTS = 15;

/**
 * §二 subsidy assessment (issue 11 point 4): the facts, the parameters in force on the claim's assessment date,
 * the usage of every cap the claim touches, the rules engine's award, then ONE transaction: the claim's result
 * (only while still `received`), each cap's reservation conditioned on the exact usage read, and the events.
 * Another claim reserving against a shared cap in between cancels the transaction; the claim is assessed again
 * on the new usage (bounded, with jitter; then ConcurrentUpdateError, transient: the message is retried).
 * A claim already assessed (a duplicate delivery) is left as it is. An ineligible claim reserves nothing.
 */
export async function assessReceivedClaim(
  claimId: string,
  ports: AssessPorts,
  options: { attempts?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<AssessOutcome> {
  return withOptimisticRetry(
    async () => {
      const claim = await ports.readClaim(claimId);
      if (!claim) throw new NotFoundError(`No subsidy claim ${claimId}`);
      if (claim.status !== 'received') return 'already-assessed';
      const parameters = await parametersOrNone(ports, claim.assessOn);
      if (!parameters) {
        // Refusing the event would leave the claim `received` for ever: it is ineligible, with the reason.
        const assessment = assessmentSchema.parse(noRulesInForce(claim.assessOn));
        const writes = [claimAssessed(ports.tableName, claimId, assessment, ports.now)];
        const outcome = await ports.commit(writes, eventsOf(claim, assessment, ports.now));
        return outcome === 'duplicate' ? 'duplicate' : assessment.outcome;
      }
      const facts = await ports.facts(claim);
      const ctx = {
        ...(claim.managerId ? { managerId: claim.managerId } : {}),
        assessOn: claim.assessOn,
        parameters,
      };
      const specs = capsFor(claim.input, ctx);
      const used = await ports.capsUsed(specs.map((s) => s.key));
      // Parsed, not cast: what is stored is what the claim's readers parse (reason codes from the engine's list).
      const assessment = assessmentSchema.parse(
        assessClaim(claim.input, {
          ...ctx,
          facts: withReservedReward(facts, specs, used),
          capsUsedFen: used,
        }),
      );
      const writes: TransactItem[] = [claimAssessed(ports.tableName, claimId, assessment, ports.now)];
      if (assessment.outcome === 'computed') {
        for (const cap of assessment.caps) {
          writes.push(
            capReserve(
              ports.tableName,
              {
                ...cap,
                // Conditioned on the value read, whatever the engine echoed.
                usedBeforeFen: used[cap.key] ?? 0,
                usedAfterFen: (used[cap.key] ?? 0) + assessment.awardFen,
                ...capOwner(cap, claim.managerId),
              },
              ports.now,
            ),
          );
        }
      }
      const outcome = await ports.commit(writes, eventsOf(claim, assessment, ports.now));
      return outcome === 'duplicate' ? 'duplicate' : assessment.outcome;
    },
    { attempts: options.attempts ?? ASSESS_ATTEMPTS, ...(options.sleep ? { sleep: options.sleep } : {}) },
  );
}

/** The parameters in force on the assessment date, or undefined when none are (NotFoundError of the store). */
async function parametersOrNone(ports: AssessPorts, date: string): Promise<SubsidyParameters | undefined> {
  try {
    return await ports.parameters(date);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * "First investment only" held under concurrency: the manager × enterprise cap is used only by this manager's
 * non-rejected rewards for the enterprise (a rejection releases it), and it is read strongly consistent and
 * conditioned on in the reservation. Two first claims racing both read 0; the loser's transaction is cancelled
 * and, assessed again, finds the winner's reservation here even before the claim listing (a GSI) shows it.
 */
export function withReservedReward(
  facts: ClaimFacts,
  specs: readonly CapSpec[],
  used: Readonly<Record<string, number>>,
): ClaimFacts {
  const enterpriseCap = specs.find((s) => s.step === 'per_enterprise_cap');
  if (!enterpriseCap || (used[enterpriseCap.key] ?? 0) === 0) return facts;
  return {
    ...facts,
    earlierClaimsByManagerForEnterprise: Math.max(facts.earlierClaimsByManagerForEnterprise ?? 0, 1),
  };
}

/** A cap keyed by the claim's manager is listed for that manager (`GET /v1/caps/{managerId}`). */
function capOwner(cap: CapEffect, managerId: string | undefined): { managerId?: string } {
  return managerId && cap.key.includes(`manager:${managerId}#`) ? { managerId } : {};
}

/** Crossing 80 % (warning) or 100 % (reached) with this reservation; integer arithmetic, no rounding. */
export function capCrossings(cap: CapEffect): ('subsidy.cap_warning' | 'subsidy.cap_reached')[] {
  const { limitFen: limit, usedBeforeFen: before, usedAfterFen: after } = cap;
  if (limit <= 0 || after <= before) return [];
  const crossed: ('subsidy.cap_warning' | 'subsidy.cap_reached')[] = [];
  if (before * 5 < limit * 4 && after * 5 >= limit * 4) crossed.push('subsidy.cap_warning');
  if (before < limit && after >= limit) crossed.push('subsidy.cap_reached');
  return crossed;
}

/** The definition of each cap crossing's event (`capCrossings` names them). */
const capEvents = {
  'subsidy.cap_warning': subsidyCapWarningEvent,
  'subsidy.cap_reached': subsidyCapReachedEvent,
} as const;

/** Who filed the claim, when it is one of the two roles that file claims (the ineligible outcome goes to them). */
function filerOf(filedBy: {
  role: string;
  id: string;
}): { role: 'fund_manager' | 'staff'; id: string } | undefined {
  const { role, id } = filedBy;
  return role === 'fund_manager' || role === 'staff' ? { role, id } : undefined;
}

/** The claim's outcome event and each cap crossing, all about the claim (its history). */
export function eventsOf(claim: ClaimRecord, assessment: StoredAssessment, now: Date): DomainEvent[] {
  const base = {
    actor: { role: 'system' as const, id: 'subsidy' },
    subject: { kind: 'subsidy_claim', id: claim.claimId },
    correlationId: claim.correlationId,
    now,
  };
  const ref = {
    claimId: claim.claimId,
    subsidyType: claim.subsidyType,
    ...(claim.managerId ? { fundManagerId: claim.managerId } : {}),
    ...(claim.projectId ? { projectId: claim.projectId } : {}),
  };
  const reasonCodes = assessment.reasons.map((r) => r.code);
  if (assessment.outcome === 'ineligible') {
    const filer = filerOf(claim.filedBy);
    const filedBy = filer ? { filedBy: filer } : {};
    const reasons = assessment.reasons.map(({ code, clause, zh, en }) => ({ code, clause, zh, en }));
    return [
      newEventOf(subsidyIneligibleEvent, { ...base, data: { ...ref, reasonCodes, ...filedBy, reasons } }),
    ];
  }
  const events: DomainEvent[] = [
    newEventOf(subsidyComputedEvent, {
      ...base,
      data: { ...ref, awardFen: assessment.awardFen, reasonCodes },
    }),
  ];
  for (const cap of assessment.caps) {
    for (const type of capCrossings(cap)) {
      events.push(
        newEventOf(capEvents[type], {
          ...base,
          data: {
            claimId: claim.claimId,
            capKey: cap.key,
            clause: cap.clause,
            limitFen: cap.limitFen,
            usedBeforeFen: cap.usedBeforeFen,
            usedAfterFen: cap.usedAfterFen,
            ...(claim.managerId ? { fundManagerId: claim.managerId } : {}),
          },
        }),
      );
    }
  }
  return events;
}
