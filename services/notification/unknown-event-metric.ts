/**
 * The `UnknownEventType` metric (namespace `WuhanDisruptiveTech`, dimensions service and eventType), written as the
 * one CloudWatch EMF line Powertools' `metrics.singleMetric()` writes for it, without Powertools' Metrics (≈ 10 KB
 * of the notification bundle for this one line, issue 13). The line, the stream (stdout, not the console, whose
 * Lambda prefix would hide the JSON from CloudWatch) and the switches (POWERTOOLS_METRICS_DISABLED, else
 * POWERTOOLS_DEV, turn it off, as the bench does) are Powertools' own; unknown-event-metric.test.ts compares them.
 */
const NAMESPACE = 'WuhanDisruptiveTech';
const SERVICE = 'notification';

// Powertools' reading of its boolean switches (commons' getBooleanFromEnv with extended parsing).
const truthy = new Set(['1', 'y', 'yes', 't', 'true', 'on']);
const isSet = (value: string | undefined) => truthy.has((value ?? '').trim().toLowerCase());

/** POWERTOOLS_METRICS_DISABLED decides when present; otherwise POWERTOOLS_DEV turns metrics off. */
export function metricsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const disabled = env.POWERTOOLS_METRICS_DISABLED;
  if (disabled !== undefined) return !isSet(disabled);
  return !isSet(env.POWERTOOLS_DEV);
}

/** The EMF document counting one event of a type the notification has no route for. */
export function unknownEventTypeMetric(type: string, now: Date) {
  return {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: NAMESPACE,
          Dimensions: [['service', 'eventType']],
          Metrics: [{ Name: 'UnknownEventType', Unit: 'Count' }],
        },
      ],
    },
    service: SERVICE,
    eventType: type,
    UnknownEventType: 1,
  };
}

/** Publishes the count at once, as its own line (the handler's `countUnknownEvent`). */
export function countUnknownEvent(
  type: string,
  write: (line: string) => unknown = (line) => process.stdout.write(line),
): void {
  if (!metricsEnabled()) return;
  write(`${JSON.stringify(unknownEventTypeMetric(type, new Date()))}\n`);
}
