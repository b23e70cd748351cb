import { eventConsumer } from '@wuhan/middleware';
import { handleEvaluationEvent } from './consumer.js';

/** Composition only: the evaluation queue's consumer (partial batch failures, the shared inbox). */
export const handler = eventConsumer({
  name: 'evaluation',
  handle: (event, context) => handleEvaluationEvent(event, context, new Date()),
});
