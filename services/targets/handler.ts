import { declaredEventConsumer } from '@wuhan/middleware';
import { targetsEvents } from './consumed-events.js';
import { countProgress } from './count-progress.js';
import { recordContribution } from './store.js';

/** The targets queue's consumer: lifecycle events in, §一 progress counted once each. */
export const handler = declaredEventConsumer({
  name: 'targets',
  events: targetsEvents,
  handle: (event) => countProgress(event, recordContribution),
});
