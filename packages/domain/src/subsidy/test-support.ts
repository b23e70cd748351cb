import { type SubsidyParameters, subsidyDefaults } from '../parameters/subsidy.js';
import { assessClaim } from './assess.js';
import type { ClaimInput } from './claim.js';
import { type Assessment, type ClaimFacts, subsidyReasonCodes } from './types.js';

/** Test support (not exported from the package): one row of a rule's case table, read like the policy. */
export interface CaseRow {
  /** What the policy says happens, in words. */
  name: string;
  claim: ClaimInput;
  /** The fund manager; omitted: none named. */
  managerId?: string;
  assessOn: string;
  facts?: ClaimFacts;
  /** Usage of caps before the claim, by cap key. */
  used?: Record<string, number>;
  parameters?: SubsidyParameters;
  expected: Summary;
}

export interface Summary {
  outcome: Assessment['outcome'];
  awardFen: number;
  reasons: string[];
  steps: string[];
}

export function assessRow(row: Omit<CaseRow, 'name' | 'expected'>): Assessment {
  return assessClaim(row.claim, {
    ...(row.managerId === undefined ? {} : { managerId: row.managerId }),
    assessOn: row.assessOn,
    parameters: row.parameters ?? subsidyDefaults,
    facts: row.facts ?? {},
    capsUsedFen: row.used ?? {},
  });
}

const listedReasons = new Set<string>(subsidyReasonCodes);

/** What a case table compares: the outcome, the award, the reason codes and the trace's step names, in order. */
export function summarise(assessment: Assessment): Summary {
  for (const reason of assessment.reasons) {
    if (!listedReasons.has(reason.code)) throw new Error(`Unlisted reason ${reason.code}`);
  }
  return {
    outcome: assessment.outcome,
    awardFen: assessment.awardFen,
    reasons: assessment.reasons.map((reason) => reason.code),
    steps: assessment.trace.map((step) => step.step),
  };
}

/** 万元 in fen, so a table reads like the plan: wan(100) is 100万. */
export const wanFen = (amount: number) => amount * 1_000_000;
