import { declaredEventConsumer } from '@wuhan/middleware';
import { matchingEvents } from './consumed-events.js';
import { handleMatchingEvent } from './consumer.js';

/** Composition only: the matching queue's consumer (partial batch failures, the shared inbox). */
export const handler = declaredEventConsumer({
  name: 'matching',
  events: matchingEvents,
  handle: (event, context) => handleMatchingEvent(event, context, new Date()),
});
