import { declaredEventConsumer } from '@wuhan/middleware';
import { subsidyEvents } from './consumed-events.js';
import { handleSubsidyEvent } from './consumer.js';

/** Composition only: the subsidy queue's consumer (partial batch failures, the shared inbox). */
export const handler = declaredEventConsumer({
  name: 'subsidy',
  events: subsidyEvents,
  handle: (event, context) => handleSubsidyEvent(event, context, new Date()),
});
