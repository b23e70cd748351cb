import type { ClaimInput } from './claim.js';
import { ruleFor } from './rules/index.js';
import type { CapSpec, CapsContext } from './types.js';

export type { CapSpec } from './types.js';

/**
 * The caps a claim touches, known BEFORE assessment so the service can read their usage first (and reserve
 * against exactly these keys). An investment claim without a manager touches none: it is ineligible.
 */
export function capsFor(input: ClaimInput, context: CapsContext): CapSpec[] {
  return ruleFor(input).caps(context);
}

/** What is left under a cap: limit − used, never below 0 (a limit lowered under past usage leaves 0). */
export function headroomFen(limitFen: number, usedFen: number): number {
  return Math.max(0, limitFen - usedFen);
}
