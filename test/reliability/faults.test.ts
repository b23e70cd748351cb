import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '@wuhan/local-stack';
import { topology } from '@wuhan/topology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Run, runWorkload, type Workload, workloadClient } from './workload.js';
import { exactlyOnce, settled } from './workload-checks.js';

/**
 * Issue 12, "What the suite must show" point 3, on a local stack of its own: EVERY queue and stream consumer
 * fails a third of its first attempts (packages/local-stack/src/faults.ts: half before the handler, half after
 * it committed, the message coming back either way), and a real workload goes through all of them: nominations,
 * screening, the evaluation panel, reviews and the outcome, offers on the platforms' queues, their deadlines and
 * re-offers, targets, and the email of each. Every outcome must arrive exactly once. Then the same workload again
 * while DynamoDB Local and the SQS emulator are each restarted mid-run.
 *
 * Generic on purpose: the consumers come from the topology, and a consumer without an exactly-once check in
 * workload-checks.ts, or one the workload never reached (no injected fault of both kinds), fails the test.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'wuhan-faults-'));
let stack: LocalStack | undefined;
let workload: Workload | undefined;

/** Every function with a queue or stream trigger: what faults hit and what the checks must cover. */
const consumers = topology.functions
  .filter((f) => f.triggers.some((t) => t.kind === 'queue' || t.kind === 'stream'))
  .map((f) => f.name)
  .sort();

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { api: 0, dynamodb: 0, sqs: 0, ses: 0 },
    // A data directory, so DynamoDB Local and the SQS emulator can be restarted over the same data.
    dataDir,
    runSchedules: false,
    throttle: false,
    anonymousThrottle: false,
    faults: { rate: 1 / 3, seed: 'issue-12', coverEach: true },
    log: () => undefined,
  });
  workload = await workloadClient(stack);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function live() {
  if (!stack || !workload) throw new Error('the stack did not start');
  return { stack, workload };
}

async function verify(run: Run) {
  const { stack } = live();
  await settled(stack, run);
  for (const consumer of consumers) {
    const check = exactlyOnce[consumer];
    expect(check, `${consumer} has no exactly-once check in workload-checks.ts`).toBeDefined();
    await check?.(stack, run);
  }
}

describe('injected faults on every consumer', () => {
  it('has an exactly-once check for every consumer in the topology, and none for a consumer that is gone', () => {
    expect(Object.keys(exactlyOnce).sort()).toEqual(consumers);
  });

  it('a third of first attempts failing, before and after the handler: every outcome exactly once', async () => {
    const { stack, workload } = live();
    const started = Date.now();
    const run = await runWorkload(workload, `F${randomUUID().slice(0, 6)}`);
    await verify(run);
    const counts = stack.faults?.counts ?? {};
    console.log(
      `faults: ${run.projects.length} projects in ${Math.round((Date.now() - started) / 1000)} s; injected ${JSON.stringify(counts)}`,
    );
    // The workload reached every consumer, and each was really faulted both ways.
    for (const consumer of consumers) {
      expect(counts[consumer]?.before ?? 0, `${consumer}: faults before the handler`).toBeGreaterThan(0);
      expect(counts[consumer]?.after ?? 0, `${consumer}: faults after the handler`).toBeGreaterThan(0);
    }
  });

  it('DynamoDB Local and the SQS emulator restarted mid-run: every outcome still exactly once', {
    timeout: 900_000,
  }, async () => {
    const { stack, workload } = live();
    const started = Date.now();
    let phase = '';
    const run = runWorkload(workload, `R${randomUUID().slice(0, 6)}`, {
      // Each restart lands while the run's messages are in flight: after the nominations, after the reviews.
      afterNominations: async () => {
        phase = 'dynamodb';
        await stack.restartEmulator('dynamodb', 1000);
      },
      afterReviews: async () => {
        phase = 'sqs';
        await stack.restartEmulator('sqs', 1000);
      },
    });
    const done = await run;
    expect(phase).toBe('sqs');
    await verify(done);
    console.log(
      `restarts: ${done.projects.length} projects in ${Math.round((Date.now() - started) / 1000)} s, ${done.retries} API retries`,
    );
  });
});
