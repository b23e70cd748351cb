import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { eventConsumer } from '@wuhan/middleware';
import { productionDependencies } from './dependencies.js';
import { notify } from './notify.js';

/** Composition only: the notification queue's consumer (partial batch failures) over the notify use case. */
const metrics = new Metrics({ namespace: 'WuhanDisruptiveTech', serviceName: 'notification' });
const deps = {
  ...productionDependencies(),
  countUnknownEvent: (type: string) => {
    metrics.addDimension('eventType', type);
    metrics.addMetric('UnknownEventType', MetricUnit.Count, 1);
  },
};

export const handler = eventConsumer((event) => notify(event, deps)).use(logMetrics(metrics));
