import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventConsumer } from '@wuhan/middleware';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
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
const consume = eventConsumer({
  name: 'notification',
  events: notificationEvents,
  dedupe: 'own',
  handle: (event) => notify(event, deps),
});

/**
 * The batch, then any staff list refresh its records started (directory.ts): Lambda freezes the process once the
 * handler returns, and a read frozen mid-request resumes at the next thaw on a connection that may be dead. The
 * refresh starts with the batch's first reads and takes two round trips, fewer than a record's four, so waiting
 * for it here adds no stage (record-requests.test.ts).
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    return await consume(event, context);
  } finally {
    await deps.directory.settled();
  }
};
