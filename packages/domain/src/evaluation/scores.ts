import type { EvaluationParameters } from '../parameters/evaluation.js';
import { type Dimension, dimensions } from '../vocabulary.js';
import * as z from '../zod.js';

export const dimensionIds = Object.keys(dimensions) as [Dimension, ...Dimension[]];

/**
 * Scores are compared as integer hundredths. Every parameter on the score scale has at most two decimals (the
 * parameter schema refuses more) and every score is a multiple of the step, so `round(x × 100)` is the exact
 * value; sums of hundredths are integers far below 2^53, so `mean ≥ threshold` becomes `sum ≥ n × threshold`
 * with no rounding at all. Floats appear only in the means reported to people.
 */
export function hundredths(value: number): number {
  return Math.round(value * 100);
}

/** True when `value` lies on the scale (min..max, a multiple of step from min). */
export function onScale(value: number, scale: EvaluationParameters['scoreScale']): boolean {
  const v = hundredths(value);
  const min = hundredths(scale.min);
  const max = hundredths(scale.max);
  const step = hundredths(scale.step);
  return Math.abs(value * 100 - v) < 1e-6 && v >= min && v <= max && (v - min) % step === 0;
}

/** One score per dimension, all seven required, nothing else (the request schema checks the scale too). */
export const scoresSchema = z.strictObject(
  Object.fromEntries(dimensionIds.map((d) => [d, z.number()])) as Record<Dimension, z.ZodMiniNumber<number>>,
);
export type Scores = z.infer<typeof scoresSchema>;

/** Dimensions whose score is off the scale in force (empty when all are on it). */
export function offScale(scores: Scores, scale: EvaluationParameters['scoreScale']): Dimension[] {
  return dimensionIds.filter((d) => !onScale(scores[d], scale));
}
