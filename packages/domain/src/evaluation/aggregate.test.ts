import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluationDefaults } from '../parameters/evaluation.js';
import { aggregate, type CountedReview, meansOf } from './aggregate.js';
import { dimensionIds, offScale, type Scores } from './scores.js';

const all = (score: number): Scores => Object.fromEntries(dimensionIds.map((d) => [d, score])) as Scores;
const review = (expertId: string, scores: Scores): CountedReview => ({ expertId, scores });

describe('§二(四) evaluation with the default parameters', () => {
  it('qualifies a project when every mean reaches 3.0, disruptiveness 3.5 and the overall mean 3.5', () => {
    const result = aggregate(
      [review('a', all(3.5)), review('b', all(3.5)), review('c', all(4))],
      evaluationDefaults,
    );
    expect(result.outcome).toBe('qualified');
    expect(result.overall.mean).toBeCloseTo(3.6667, 4);
  });

  it('does not qualify a project whose disruptiveness mean is below 3.5 although every other mean is high', () => {
    const s = { ...all(4.5), disruptiveness: 3 };
    const result = aggregate([review('a', s), review('b', s), review('c', s)], evaluationDefaults);
    expect(result.outcome).toBe('not_qualified');
    expect(result.reasons).toEqual(['disruptiveness: mean 3 < 3.5']);
  });

  it('does not qualify a project whose overall mean is below 3.5 although every dimension reaches its own threshold', () => {
    const s = { ...all(3), disruptiveness: 4 };
    const result = aggregate([review('a', s), review('b', s), review('c', s)], evaluationDefaults);
    expect(result.outcome).toBe('not_qualified');
    expect(result.reasons).toEqual(['overall: weighted mean 3.1429 < 3.5']);
  });

  it('counts a mean exactly on the threshold as reaching it (3 + 3 + 3.5 on risk stays 3.1667 ≥ 3.0; 3.5 exactly passes)', () => {
    // (3.5 + 3.5 + 3.5) / 3 = 3.5 exactly, compared as 1050 ≥ 3 × 350 in hundredths.
    const result = aggregate(
      [review('a', all(3.5)), review('b', all(3.5)), review('c', all(3.5))],
      evaluationDefaults,
    );
    expect(result.outcome).toBe('qualified');
  });

  it('sends the project to staff when two experts differ by 2.0 or more on any dimension, whatever the means', () => {
    const result = aggregate(
      [review('a', all(5)), review('b', all(5)), review('c', { ...all(5), risk: 3 })],
      evaluationDefaults,
    );
    expect(result.outcome).toBe('needs_consensus');
    expect(result.reasons).toEqual(['risk: experts differ by 2 (≥ 2), staff decide']);
  });

  it('decides automatically when experts differ by less than 2.0', () => {
    const result = aggregate(
      [review('a', all(5)), review('b', all(5)), review('c', { ...all(5), risk: 3.5 })],
      evaluationDefaults,
    );
    expect(result.outcome).toBe('qualified');
  });

  it('weights the overall mean by the weights in force', () => {
    const weights = { ...evaluationDefaults.weights, demand: 6 };
    const s = { ...all(3), demand: 5, disruptiveness: 3.5 };
    const equal = aggregate([review('a', s)], evaluationDefaults);
    const heavy = aggregate([review('a', s)], { ...evaluationDefaults, weights });
    expect(equal.outcome).toBe('not_qualified');
    expect(heavy.outcome).toBe('qualified');
    expect(heavy.overall.weightTotal).toBe(12);
  });

  it('keeps the computation: each dimension’s scores sorted (not by expert), sum, spread, threshold', () => {
    const result = aggregate(
      [review('a', all(4)), review('b', all(3)), review('c', all(3.5))],
      evaluationDefaults,
    );
    const risk = result.dimensions.find((d) => d.dimension === 'risk');
    expect(risk).toMatchObject({ scores: [3, 3.5, 4], sumHundredths: 1050, count: 3, mean: 3.5, spread: 1 });
    expect(meansOf(result)).toMatchObject({ risk: 3.5, overall: 3.5 });
  });

  it('refuses a score off the half-point scale or outside 0–5', () => {
    expect(offScale({ ...all(3), demand: 3.25, risk: 5.5 }, evaluationDefaults.scoreScale)).toEqual([
      'demand',
      'risk',
    ]);
    expect(offScale({ ...all(3), plan: -0.5 }, evaluationDefaults.scoreScale)).toEqual(['plan']);
    expect(offScale(all(0), evaluationDefaults.scoreScale)).toEqual([]);
  });
});

const reviewsOn = (lowest: number) => {
  const halfPoint = fc.integer({ min: lowest * 2, max: 10 }).map((h) => h / 2);
  const scores = fc.record(
    Object.fromEntries(dimensionIds.map((d) => [d, halfPoint])) as Record<keyof Scores, fc.Arbitrary<number>>,
  );
  return fc
    .array(scores, { minLength: 1, maxLength: 7 })
    .map((list) => list.map((s, i) => review(`exp_${i}`, s)));
};
const reviewsArb = reviewsOn(0);
/** Scores from 3 up: most such panels qualify, so the implication below is exercised, not vacuous. */
const strongReviewsArb = reviewsOn(3);

describe('properties of the aggregation', () => {
  it('every mean lies between its dimension’s lowest and highest score', () => {
    fc.assert(
      fc.property(reviewsArb, (reviews) => {
        for (const d of aggregate(reviews, evaluationDefaults).dimensions) {
          expect(d.mean).toBeGreaterThanOrEqual(d.min);
          expect(d.mean).toBeLessThanOrEqual(d.max);
        }
      }),
    );
  });

  it('raising any score never turns qualified into not_qualified', () => {
    let qualifiedSeen = 0;
    fc.assert(
      fc.property(
        strongReviewsArb,
        fc.nat(),
        fc.constantFrom(...dimensionIds),
        fc.integer({ min: 1, max: 10 }),
        (reviews, who, dimension, halfSteps) => {
          const before = aggregate(reviews, evaluationDefaults).outcome;
          if (before !== 'qualified') return;
          qualifiedSeen++;
          const index = who % reviews.length;
          const raised = reviews.map((r, i) =>
            i === index
              ? {
                  ...r,
                  scores: { ...r.scores, [dimension]: Math.min(5, r.scores[dimension] + halfSteps / 2) },
                }
              : r,
          );
          expect(aggregate(raised, evaluationDefaults).outcome).not.toBe('not_qualified');
        },
      ),
    );
    expect(qualifiedSeen).toBeGreaterThan(10);
  });

  it('permuting the reviewers never changes the outcome nor any mean', () => {
    fc.assert(
      fc.property(
        reviewsArb.chain((reviews) =>
          fc.tuple(fc.constant(reviews), fc.shuffledSubarray(reviews, { minLength: reviews.length })),
        ),
        ([reviews, permuted]) => {
          const a = aggregate(reviews, evaluationDefaults);
          const b = aggregate(permuted, evaluationDefaults);
          expect(b.outcome).toBe(a.outcome);
          expect(meansOf(b)).toEqual(meansOf(a));
        },
      ),
    );
  });
});
