import { describe, expect, it } from 'vitest';
import { queueNameOfArn, RETRY_DELAYS_SECONDS, retryDelaySeconds } from './queue-backoff.js';

describe('retryDelaySeconds', () => {
  it('grows with the delivery count and repeats the last delay', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelaySeconds(n))).toEqual([2, 8, 30, 120, 300, 300, 300]);
  });

  it('reads a missing or nonsensical count as the first delivery', () => {
    expect(retryDelaySeconds(0)).toBe(RETRY_DELAYS_SECONDS[0]);
    expect(retryDelaySeconds(-3)).toBe(RETRY_DELAYS_SECONDS[0]);
  });

  it('stays within what SQS accepts for a visibility timeout (≤ 12 h) and below the DLQ wait it replaces', () => {
    const total = RETRY_DELAYS_SECONDS.slice(0, 4).reduce((sum, s) => sum + s, 0);
    expect(Math.max(...RETRY_DELAYS_SECONDS)).toBeLessThanOrEqual(12 * 3600);
    // Four transient failures in a row now cost 160 s; before, each alone waited the 181 s visibility timeout.
    expect(total).toBeLessThan(181);
  });
});

describe('queueNameOfArn', () => {
  it('takes the name from an SQS ARN and refuses anything else', () => {
    expect(queueNameOfArn('arn:aws:sqs:cn-north-1:123456789012:wuhan-notification')).toBe(
      'wuhan-notification',
    );
    expect(queueNameOfArn('arn:aws:sns:cn-north-1:123456789012:topic')).toBeUndefined();
    expect(queueNameOfArn('not-an-arn')).toBeUndefined();
  });
});
