import { retryDelaySeconds } from '@wuhan/aws';
import { topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';

/** Seconds a transiently failing message is retried before its queue's redrive policy dead-letters it. */
function patienceSeconds(maxReceiveCount: number): number {
  let total = 0;
  for (let receive = 1; receive < maxReceiveCount; receive++) total += retryDelaySeconds(receive);
  return total;
}

const queue = (name: string) => {
  const spec = topology.queues.find((q) => q.name === name);
  if (!spec) throw new Error(`no queue ${name} in the topology`);
  return spec;
};

describe('how long a transient failure is retried before the DLQ', () => {
  it('notification waits out a long SES throttling burst (≥ 30 minutes), since it paces by throttling answers', () => {
    expect(patienceSeconds(queue('notification').maxReceiveCount)).toBeGreaterThanOrEqual(30 * 60);
  });

  it('every consumer queue retries within its retention, so a retried message cannot expire unseen', () => {
    for (const spec of topology.queues.filter((q) => q.consumer !== 'external')) {
      expect(patienceSeconds(spec.maxReceiveCount), spec.name).toBeLessThan(spec.retentionDays * 86_400);
    }
  });
});
