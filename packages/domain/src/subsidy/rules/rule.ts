import type { SubsidyParameters } from '../../parameters/subsidy.js';
import type { ClaimOf, SubsidyType } from '../claim.js';
import type { AssessContext, CapSpec, CapsContext, Reason, TraceStep } from '../types.js';

/** What a rule decides before the caps: the reasons it is not due (none: eligible), the steps, the base award. */
export interface RuleEvaluation {
  reasons: Reason[];
  trace: TraceStep[];
  /** The award the rule computes before any cap, integer fen rounded down. */
  baseFen: number;
}

/** What a rule adds once the caps have set the award (the centre's split into two shares). */
export interface RuleFinish {
  trace: TraceStep[];
  shares?: { cityFen: number; eastLakeHitechFen: number };
}

/**
 * One subsidy type as code: its clause and labels, the parameter group it reads, the caps it touches (known
 * before assessment, so the service can read their usage first), its eligibility checks and computation.
 */
export interface SubsidyRule<T extends SubsidyType> {
  subsidyType: T;
  clause: string;
  zh: string;
  en: string;
  /** The group of the subsidy parameter set this rule reads (each parameter carries its clause). */
  parameterGroup: keyof SubsidyParameters;
  caps(input: ClaimOf<T>, context: CapsContext): CapSpec[];
  evaluate(input: ClaimOf<T>, context: AssessContext): RuleEvaluation;
  finish?(awardFen: number, input: ClaimOf<T>, context: AssessContext): RuleFinish;
}

/** The calendar year of a date, for annual caps: `2026-03-01` → `2026`. */
export function yearOf(date: string): string {
  return date.slice(0, 4);
}

/** The manager is required by the two investment rules; without one, no manager cap can be keyed. */
export function managerRequired(clause: string): Reason {
  return {
    code: 'manager_required',
    clause,
    zh: '未指明基金管理机构',
    en: 'No fund manager is named for this claim',
  };
}
