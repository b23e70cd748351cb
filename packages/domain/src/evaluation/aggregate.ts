import type { EvaluationParameters } from '../parameters/evaluation.js';
import type { Dimension } from '../vocabulary.js';
import * as z from '../zod.js';
import { dimensionIds, hundredths, type Scores } from './scores.js';

export const evaluationOutcomes = ['qualified', 'not_qualified', 'needs_consensus'] as const;
export type EvaluationOutcome = (typeof evaluationOutcomes)[number];

/** One expert's counted review, as the aggregation sees it. */
export interface CountedReview {
  expertId: string;
  scores: Scores;
}

/** How one dimension was computed: the inputs, the exact sum, the mean, the spread and each test. */
export interface DimensionComputation {
  dimension: Dimension;
  scores: number[];
  /** Exact: the mean is sumHundredths / (100 × count). */
  sumHundredths: number;
  count: number;
  mean: number;
  min: number;
  max: number;
  spread: number;
  weight: number;
  threshold: number;
  meetsThreshold: boolean;
  /** Experts differ by `disagreementSpread` or more here. */
  disagreement: boolean;
}

export interface EvaluationComputation {
  reviews: number;
  dimensions: DimensionComputation[];
  overall: {
    mean: number;
    weightedSumHundredths: number;
    weightTotal: number;
    threshold: number;
    meets: boolean;
  };
  outcome: EvaluationOutcome;
  /** Why, in words a reader of the record understands (one line per test that decided). */
  reasons: string[];
}

/** Rounded for people only; decisions use the exact integer comparisons. */
const display = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * §二(四) comprehensive evaluation on the seven dimensions. Per dimension: the mean, the spread (max − min);
 * overall: the weighted mean. Experts differing by `disagreementSpread` or more on any dimension → staff decide
 * (`needs_consensus`), before any threshold is read, because an automatic verdict over a real disagreement is
 * the thing the policy avoids. Otherwise `qualified` when every dimension's mean reaches its threshold
 * (`disruptivenessThreshold` for disruptiveness, `dimensionMeanThreshold` for the rest) and the weighted overall
 * mean reaches `overallMeanThreshold`; `not_qualified` when any of them does not.
 *
 * All comparisons are in integer hundredths (see `hundredths`): the outcome never depends on float rounding,
 * and the order of the reviews cannot change a sum.
 */
export function aggregate(
  reviews: readonly CountedReview[],
  parameters: EvaluationParameters,
): EvaluationComputation {
  if (reviews.length === 0) throw new RangeError('aggregate needs at least one review');
  const n = reviews.length;
  const spreadLimit = hundredths(parameters.disagreementSpread);
  const dims = dimensionIds.map((dimension): DimensionComputation => {
    const values = reviews.map((r) => hundredths(r.scores[dimension]));
    const sum = values.reduce((a, b) => a + b, 0);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const threshold =
      dimension === 'disruptiveness' ? parameters.disruptivenessThreshold : parameters.dimensionMeanThreshold;
    return {
      dimension,
      // Sorted so the record never reveals the order (and so who) scored what.
      scores: [...values].sort((a, b) => a - b).map((v) => v / 100),
      sumHundredths: sum,
      count: n,
      mean: display(sum / n / 100),
      min: min / 100,
      max: max / 100,
      spread: (max - min) / 100,
      weight: parameters.weights[dimension],
      threshold,
      meetsThreshold: sum >= n * hundredths(threshold),
      disagreement: max - min >= spreadLimit,
    };
  });
  const weightTotal = dims.reduce((a, d) => a + d.weight, 0);
  // Σ w·(S/n) ≥ T·W  ⇔  Σ w·S ≥ T·W·n (every dimension has the same n).
  const weightedSum = dims.reduce((a, d) => a + d.weight * d.sumHundredths, 0);
  const overallThreshold = parameters.overallMeanThreshold;
  const overallMeets = weightedSum >= hundredths(overallThreshold) * weightTotal * n;
  const overall = {
    mean: display(weightedSum / weightTotal / n / 100),
    weightedSumHundredths: weightedSum,
    weightTotal,
    threshold: overallThreshold,
    meets: overallMeets,
  };

  const disagreements = dims.filter((d) => d.disagreement);
  if (disagreements.length > 0) {
    return {
      reviews: n,
      dimensions: dims,
      overall,
      outcome: 'needs_consensus',
      reasons: disagreements.map(
        (d) =>
          `${d.dimension}: experts differ by ${d.spread} (≥ ${parameters.disagreementSpread}), staff decide`,
      ),
    };
  }
  const failing = dims.filter((d) => !d.meetsThreshold);
  const reasons = failing.map((d) => `${d.dimension}: mean ${d.mean} < ${d.threshold}`);
  if (!overallMeets) reasons.push(`overall: weighted mean ${overall.mean} < ${overallThreshold}`);
  if (reasons.length > 0) return { reviews: n, dimensions: dims, overall, outcome: 'not_qualified', reasons };
  return {
    reviews: n,
    dimensions: dims,
    overall,
    outcome: 'qualified',
    reasons: [
      `every dimension meets its threshold and the weighted mean ${overall.mean} ≥ ${overallThreshold}`,
    ],
  };
}

/** The means only: what recommending partners see and what matching needs (never who scored what). */
export function meansOf(computation: EvaluationComputation): { overall: number } & Record<Dimension, number> {
  const perDimension = Object.fromEntries(computation.dimensions.map((d) => [d.dimension, d.mean])) as Record<
    Dimension,
    number
  >;
  return { ...perDimension, overall: computation.overall.mean };
}

/** The means as stored and as events carry them: every dimension and `overall`. */
export const evaluationMeansSchema = z.strictObject({
  ...(Object.fromEntries(dimensionIds.map((d) => [d, z.number()])) as Record<
    Dimension,
    z.ZodMiniNumber<number>
  >),
  overall: z.number(),
});
export type EvaluationMeans = z.infer<typeof evaluationMeansSchema>;
