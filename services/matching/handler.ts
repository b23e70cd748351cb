import { eventConsumer } from '@wuhan/middleware';
import { handleMatchingEvent } from './consumer.js';

/** Composition only: the matching queue's consumer (partial batch failures, the shared inbox). */
export const handler = eventConsumer({
  name: 'matching',
  handle: (event, context) => handleMatchingEvent(event, context, new Date()),
});
