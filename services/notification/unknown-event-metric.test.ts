import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countUnknownEvent, metricsEnabled } from './unknown-event-metric.js';

/**
 * The handler used to count unknown event types with Powertools' `singleMetric()`; the line it writes now must be
 * the line Powertools writes for the same count (CloudWatch extracts the metric from it), timestamp aside.
 */
function powertoolsLine(type: string): string {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  // With POWERTOOLS_DEV set, Powertools writes through the global console instead.
  const consoleSpy = vi.spyOn(console, 'log').mockImplementation((line: string) => {
    written.push(`${line}\n`);
  });
  try {
    const metrics = new Metrics({ namespace: 'WuhanDisruptiveTech', serviceName: 'notification' });
    const single = metrics.singleMetric();
    single.addDimension('eventType', type);
    single.addMetric('UnknownEventType', MetricUnit.Count, 1);
  } finally {
    spy.mockRestore();
    consoleSpy.mockRestore();
  }
  return written.join('');
}

function ourLine(type: string): string {
  const written: string[] = [];
  countUnknownEvent(type, (line) => written.push(line));
  return written.join('');
}

const withoutTimestamp = (line: string) => {
  const document = JSON.parse(line);
  expect(typeof document._aws.Timestamp).toBe('number');
  document._aws.Timestamp = 0;
  return document;
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the UnknownEventType metric', () => {
  it("writes Powertools' EMF line for the same count, as one line", () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    const ours = ourLine('apikey.issued');
    const theirs = powertoolsLine('apikey.issued');

    expect(theirs).not.toBe('');
    expect(ours.endsWith('\n')).toBe(true);
    expect(ours.split('\n')).toHaveLength(2);
    expect(withoutTimestamp(ours)).toEqual(withoutTimestamp(theirs));
    // Same keys in the same order, as CloudWatch reads them.
    expect(Object.keys(JSON.parse(ours))).toEqual(Object.keys(JSON.parse(theirs)));
  });

  it.each([
    [{ POWERTOOLS_METRICS_DISABLED: 'true' }, false],
    [{ POWERTOOLS_METRICS_DISABLED: '1' }, false],
    [{ POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_DEV: 'true' }, true],
    [{ POWERTOOLS_DEV: 'true' }, false],
    [{ POWERTOOLS_DEV: 'false' }, true],
    [{}, true],
  ])('is published or not as Powertools decides from %o', (env, enabled) => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
    vi.stubEnv('POWERTOOLS_DEV', undefined);
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);

    expect(metricsEnabled()).toBe(enabled);
    expect(ourLine('apikey.issued') !== '').toBe(enabled);
    expect(powertoolsLine('apikey.issued') !== '').toBe(enabled);
  });
});
