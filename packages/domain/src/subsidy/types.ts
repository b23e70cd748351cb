import type { SubsidyParameters } from '../parameters/subsidy.js';

/**
 * The vocabulary shared by the rules engine and the subsidy service (the interface of issue 11): what a rule
 * reads (the claim, the parameters in force, facts checked against the system, the caps' usage) and what it
 * answers (an award, the reasons, the trace, the effect on each cap).
 */

/** A cap a claim touches. The service stores one usage item per `key`, so keys are stable and readable. */
export interface CapSpec {
  key: string;
  /** The trace step that applies this cap (`per_enterprise_cap`, `manager_year_cap`…). */
  step: string;
  clause: string;
  zh: string;
  en: string;
  limitFen: number;
  /**
   * One award per key: a claim finding this cap already used (another claim holds an award > 0 against it) is
   * ineligible with this reason. The usage is read strongly consistent and the reservation conditioned on it, so
   * of two claims racing for the same key only one can hold an award; a rejection releases it.
   */
  once?: { code: SubsidyReasonCode; zh: string; en: string };
}

/** What caps and assessment both need. The manager is the fund manager (管理机构) an investment claim is for. */
export interface CapsContext {
  managerId?: string;
  /** Calendar date in Asia/Shanghai; the year of an annual cap is this date's year. */
  assessOn: string;
  parameters: SubsidyParameters;
}

/** Facts the service checks against the system before assessment. Absent means "not established". */
export interface ClaimFacts {
  /** An enterprise_landed milestone of a qualified project names this credit code. */
  enterpriseIncubated?: boolean;
  /** The claim's projectId has qualified (now or earlier). */
  projectQualified?: boolean;
  /** Non-rejected equity_investment_reward claims of this manager for this enterprise, before this one. */
  earlierClaimsByManagerForEnterprise?: number;
  /** The claim's projectId is the project the named enterprise landed from (its enterprise record). */
  projectIsEnterprises?: boolean;
}

export interface AssessContext extends CapsContext {
  facts: ClaimFacts;
  /** Usage of each cap before this claim, by key; a key absent is 0. */
  capsUsedFen: Record<string, number>;
}

export interface Reason {
  code: string;
  clause: string;
  zh: string;
  en: string;
}

/**
 * One step of the computation. `resultFen` is the amount the claim stands at after the step; steps that decide a
 * date or a fact rather than an amount carry the amount unchanged (0 before the base is computed).
 */
export interface TraceStep {
  step: string;
  clause: string;
  zh: string;
  en: string;
  inputs: Record<string, string | number | boolean>;
  resultFen: number;
}

export interface CapEffect {
  key: string;
  clause: string;
  limitFen: number;
  usedBeforeFen: number;
  usedAfterFen: number;
}

export interface Assessment {
  /** `ineligible`: awardFen 0 and caps [] (reserves nothing); the reasons say why. */
  outcome: 'computed' | 'ineligible';
  /** Integer fen, rounded down, never above any cap's headroom. */
  awardFen: number;
  /** Why not, or why less: also for a computed claim a cap cut (`cap_remainder`, `cap_used_up`). */
  reasons: Reason[];
  trace: TraceStep[];
  /** One per cap touched, before and after this award. */
  caps: CapEffect[];
  /** center_operating_fund only: the city's and 东湖高新区's shares, adding up to the award exactly. */
  shares?: { cityFen: number; eastLakeHitechFen: number };
}

/**
 * Every reason code a rule can give, for the contract's documentation and for clients that switch on them. The
 * property tests check that no assessment gives a code outside this list.
 */
export const subsidyReasonCodes = [
  'manager_required',
  'not_yet_due',
  'not_capital_increase',
  'not_first_investment',
  'enterprise_not_incubated',
  'held_too_short',
  'loss_outside_window',
  'loss_not_yet_occurred',
  'not_enterprise_led',
  'not_yet_disbursed',
  'unknown_prize_tier',
  'project_not_qualified',
  'cap_remainder',
  'cap_used_up',
  'no_rules_in_force',
  'project_not_enterprises',
  'already_compensated',
  'duplicate_tranche',
  'already_awarded',
] as const;
export type SubsidyReasonCode = (typeof subsidyReasonCodes)[number];
