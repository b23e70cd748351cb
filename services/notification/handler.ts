import { eventConsumer } from '@wuhan/middleware';
import { notificationEvents } from './consumed-events.js';
import { productionDependencies } from './dependencies.js';
import { notify } from './notify.js';
import { countUnknownEvent } from './unknown-event-metric.js';

/** Composition only: the notification queue's consumer (partial batch failures) over the notify use case. */
const deps = {
  // A throttled send goes back to the queue with its backoff rather than sleeping in the SDK (issue 13).
  ...productionDependencies({ sesRetries: 'queue' }),
  // Published at once, as its own EMF line: the logMetrics middleware would also warn on every invocation
  // that counted nothing, which is nearly all of them.
  countUnknownEvent: (type: string) => countUnknownEvent(type),
};

// Its per-recipient mail claims already give one email per (event, recipient): no inbox on top.
export const handler = eventConsumer({
  name: 'notification',
  events: notificationEvents,
  dedupe: 'own',
  handle: (event) => notify(event, deps),
});
