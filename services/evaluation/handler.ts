import { declaredEventConsumer } from '@wuhan/middleware';
import { evaluationEvents } from './consumed-events.js';
import { handleEvaluationEvent } from './consumer.js';

/** Composition only: the evaluation queue's consumer (partial batch failures, the shared inbox). */
export const handler = declaredEventConsumer({
  name: 'evaluation',
  events: evaluationEvents,
  handle: (event, context) => handleEvaluationEvent(event, context, new Date()),
});
