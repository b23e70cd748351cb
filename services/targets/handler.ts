import { eventConsumer } from '@wuhan/middleware';
import { countProgress } from './count-progress.js';
import { recordContribution } from './store.js';

/** The targets queue's consumer: lifecycle events in, §一 progress counted once each. */
export const handler = eventConsumer({
  name: 'targets',
  handle: (event) => countProgress(event, recordContribution),
});
