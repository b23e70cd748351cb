import { evaluationOperations } from '@wuhan/contract';
import { httpRouter } from '@wuhan/middleware';
import { decideByConsensus } from './decide.js';
import { evaluationFor } from './read-evaluation.js';
import { assignedReviews, declineReview, submitReview } from './reviews.js';
import { setFinalStage } from './set-stage.js';

/** Composition only: the evaluation's HTTP operations (packages/contract/src/evaluation.ts) over its use cases. */
export const handler = httpRouter(evaluationOperations, {
  'POST /v1/projects/{id}/reviews': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: await submitReview(params.id, body, { principal, correlationId, now }),
  }),
  'POST /v1/projects/{id}/reviews/decline': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: await declineReview(params.id, { principal, correlationId, now }, body.reason),
  }),
  'GET /v1/reviews/assigned': async ({ principal, correlationId, now }) => ({
    status: 200,
    body: await assignedReviews({ principal, correlationId, now }),
  }),
  'POST /v1/projects/{id}/decision': async ({ params, body, principal, correlationId, now }) => {
    const caller = { principal, correlationId, now };
    await decideByConsensus(params.id, body, caller);
    return { status: 200, body: await evaluationFor(params.id, caller) };
  },
  'POST /v1/projects/{id}/stage': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: await setFinalStage(params.id, body, { principal, correlationId, now }),
  }),
  'GET /v1/projects/{id}/evaluation': async ({ params, query, principal, correlationId, now }) => ({
    status: 200,
    body: await evaluationFor(params.id, { principal, correlationId, now }, query.roundsBefore),
  }),
});
