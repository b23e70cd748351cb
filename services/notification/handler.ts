import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventConsumer } from '@wuhan/middleware';
import { notificationEvents } from './consumed-events.js';
import { productionDependencies } from './dependencies.js';
import { notify } from './notify.js';

/** Composition only: the notification queue's consumer (partial batch failures) over the notify use case. */
const metrics = new Metrics({ namespace: 'WuhanDisruptiveTech', serviceName: 'notification' });
const deps = {
  // A throttled send goes back to the queue with its backoff rather than sleeping in the SDK (issue 13).
  ...productionDependencies({ sesRetries: 'queue' }),
  // Published at once, as its own EMF line: the logMetrics middleware would also warn on every invocation
  // that counted nothing, which is nearly all of them.
  countUnknownEvent: (type: string) => {
    const single = metrics.singleMetric();
    single.addDimension('eventType', type);
    single.addMetric('UnknownEventType', MetricUnit.Count, 1);
  },
};

// Its per-recipient mail claims already give one email per (event, recipient): no inbox on top.
export const handler = eventConsumer({
  name: 'notification',
  events: notificationEvents,
  dedupe: 'own',
  handle: (event) => notify(event, deps),
});
