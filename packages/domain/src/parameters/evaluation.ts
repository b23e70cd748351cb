import { type Dimension, dimensions } from '../vocabulary.js';
import * as z from '../zod.js';
import { clause, count, scoreValue } from './schema-helpers.js';

const EVALUATION = '§二(四)';
const dimensionIds = Object.keys(dimensions) as [Dimension, ...Dimension[]];

/**
 * §二(四) names the seven dimensions only; the scale, thresholds and counts are the product's defaults
 * (DOMAIN.md), kept here as a versioned set that staff change over the API.
 */
export const evaluationParametersSchema = z
  .strictObject({
    scoreScale: clause(
      z.strictObject({
        min: scoreValue(),
        max: scoreValue(),
        step: scoreValue().check(z.positive()),
      }),
      EVALUATION,
      'Each expert scores each dimension from min to max in steps of step',
    ),
    minimumReviews: clause(
      count(1, 50),
      EVALUATION,
      'Reviews from experts without a conflict of interest needed before a project is decided',
    ),
    reviewersAssigned: clause(count(1, 50), EVALUATION, 'Experts assigned to review each project'),
    dimensionMeanThreshold: clause(scoreValue(), EVALUATION, "Every dimension's mean must be at least this"),
    disruptivenessThreshold: clause(
      scoreValue(),
      EVALUATION,
      'The disruptiveness (技术颠覆) mean must be at least this',
    ),
    overallMeanThreshold: clause(scoreValue(), EVALUATION, 'The weighted overall mean must be at least this'),
    weights: clause(
      z.strictObject(
        Object.fromEntries(dimensionIds.map((d) => [d, count(1, 100)])) as Record<
          Dimension,
          ReturnType<typeof count>
        >,
      ),
      EVALUATION,
      'Relative integer weight of each dimension in the overall mean (equal by default)',
    ),
    disagreementSpread: clause(
      scoreValue().check(z.positive()),
      EVALUATION,
      'Experts differing by this much or more on a dimension send the project to staff for consensus',
    ),
    reviewDueDays: clause(count(1, 365), EVALUATION, 'Calendar days an expert has to submit a review'),
    reviewGraceDays: clause(
      count(0, 365),
      EVALUATION,
      'Calendar days past the due date before the review is reassigned',
    ),
  })
  .check(
    z.superRefine((v, ctx) => {
      const { min, max, step } = v.scoreScale;
      if (min >= max)
        ctx.addIssue({ code: 'custom', path: ['scoreScale', 'max'], message: 'Must exceed min' });
      const steps = (max - min) / step;
      if (Math.abs(steps - Math.round(steps)) > 1e-9)
        ctx.addIssue({ code: 'custom', path: ['scoreScale', 'step'], message: 'Must divide max − min' });
      for (const key of [
        'dimensionMeanThreshold',
        'disruptivenessThreshold',
        'overallMeanThreshold',
      ] as const) {
        if (v[key] < min || v[key] > max)
          ctx.addIssue({ code: 'custom', path: [key], message: `Must lie on the score scale ${min}–${max}` });
      }
      if (v.disagreementSpread > max - min)
        ctx.addIssue({ code: 'custom', path: ['disagreementSpread'], message: 'Must not exceed max − min' });
      if (v.reviewersAssigned < v.minimumReviews)
        ctx.addIssue({
          code: 'custom',
          path: ['reviewersAssigned'],
          message: 'Must be at least minimumReviews',
        });
    }),
  );
export type EvaluationParameters = z.infer<typeof evaluationParametersSchema>;

export const evaluationDefaults: EvaluationParameters = {
  scoreScale: { min: 0, max: 5, step: 0.5 },
  minimumReviews: 3,
  reviewersAssigned: 3,
  dimensionMeanThreshold: 3.0,
  disruptivenessThreshold: 3.5,
  overallMeanThreshold: 3.5,
  weights: Object.fromEntries(dimensionIds.map((d) => [d, 1])) as Record<Dimension, number>,
  disagreementSpread: 2.0,
  reviewDueDays: 14,
  reviewGraceDays: 7,
};

/**
 * The evaluation set as a binding of its own (sets.ts `parameterSets` lists every set): a use case that reads only
 * this set names it (`parameterSetInForce(evaluationParameterSet, date)`) and bundles no other set's schema (issue 13).
 */
export const evaluationParameterSet = {
  name: 'evaluation',
  label: '评审参数 (evaluation)',
  schema: evaluationParametersSchema,
  defaults: evaluationDefaults,
  clauses: ['§二(四)'],
} as const;
