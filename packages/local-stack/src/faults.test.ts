import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { FunctionSpec } from '@wuhan/topology';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SqsEventSource } from './event-source-sqs.js';
import { FaultInjector } from './faults.js';
import { LocalFunction } from './lambda-runtime.js';
import { repositoryRoot } from './stack.js';

const ids = Array.from({ length: 3000 }, (_, i) => `message-${i}`);

describe('the fault injector', () => {
  it('fails about a third of first attempts, half before and half after the handler', () => {
    const faults = new FaultInjector();
    const kinds = ids.map((id) => faults.faultFor('notification', id, 1));
    const before = kinds.filter((k) => k === 'before').length;
    const after = kinds.filter((k) => k === 'after').length;
    expect((before + after) / ids.length).toBeGreaterThan(0.3);
    expect((before + after) / ids.length).toBeLessThan(0.37);
    expect(Math.abs(before - after) / ids.length).toBeLessThan(0.04);
  });

  it('is deterministic by message id, differs by seed and function, and never hits a second attempt', () => {
    const a = new FaultInjector({ seed: 's' });
    const b = new FaultInjector({ seed: 's' });
    const other = new FaultInjector({ seed: 't' });
    const run = (f: FaultInjector, fn = 'targets') => ids.map((id) => f.faultFor(fn, id, 1));
    expect(run(a)).toEqual(run(b));
    expect(run(a)).not.toEqual(run(other));
    expect(run(a)).not.toEqual(run(a, 'matching'));
    expect(ids.map((id) => a.faultFor('targets', id, 2)).every((k) => k === undefined)).toBe(true);
  });

  it("with coverEach, fails each function's first message before and its second after the handler", () => {
    const faults = new FaultInjector({ rate: 0, coverEach: true });
    expect(ids.slice(0, 4).map((id) => faults.faultFor('matching', id, 1))).toEqual([
      'before',
      'after',
      undefined,
      undefined,
    ]);
    expect(faults.faultFor('targets', 'x', 2)).toBeUndefined();
    expect(faults.faultFor('targets', 'x', 1)).toBe('before');
  });

  it('faults only the functions it names, and refuses a rate outside 0..1', () => {
    const only = new FaultInjector({ rate: 1, functions: ['matching'] });
    expect(only.faultFor('matching', 'm', 1)).toBeDefined();
    expect(only.faultFor('notification', 'm', 1)).toBeUndefined();
    expect(() => new FaultInjector({ rate: 1.5 })).toThrow(/rate/);
  });
});

const spec: FunctionSpec = {
  name: 'targets',
  description: 'test',
  entry: 'unused',
  timeoutSeconds: 5,
  memoryMb: 128,
  triggers: [],
  access: { table: [], sendTo: [], inspect: [], sendEmail: false },
};

describe('the SQS event source with faults on', () => {
  it('withholds `before` messages from the handler, runs `after` ones without deleting them, and brings both back soon', async () => {
    const faults = new FaultInjector({ rate: 2 / 3, seed: 'sqs-test' });
    // Ten messages of which at least one of each kind is faulted (deterministic for this seed).
    const batch = ids.slice(0, 10);
    const kindOf = (id: string) => faults.faultFor('targets', id, 1);
    const before = batch.filter((id) => kindOf(id) === 'before');
    const after = batch.filter((id) => kindOf(id) === 'after');
    const clean = batch.filter((id) => kindOf(id) === undefined);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(clean.length).toBeGreaterThan(0);

    const sqs = new SQSClient({ region: 'us-east-1' });
    const mock = mockClient(sqs);
    let served = false;
    mock.on(ReceiveMessageCommand).callsFake(async () => {
      if (served) {
        await new Promise((r) => setTimeout(r, 5));
        return { Messages: [] };
      }
      served = true;
      return {
        Messages: batch.map((id) => ({
          MessageId: id,
          ReceiptHandle: `rh-${id}`,
          Body: '{}',
          Attributes: { ApproximateReceiveCount: '1' },
        })),
      };
    });
    mock.on(DeleteMessageBatchCommand).resolves({});
    mock.on(ChangeMessageVisibilityBatchCommand).resolves({});
    const handled: string[] = [];
    const fn = new LocalFunction(
      spec,
      async () => ({
        handler: async (event) => {
          for (const r of (event as SQSEvent).Records) handled.push(r.messageId);
          return { batchItemFailures: [] };
        },
      }),
      process.cwd(),
      'us-east-1',
    );
    const source = new SqsEventSource({
      sqs,
      queueUrl: 'q',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:q',
      region: 'us-east-1',
      batchSize: 10,
      maxConcurrency: 1,
      fn,
      log: () => undefined,
      faults,
    });
    source.start();
    const deadline = Date.now() + 5000;
    while (mock.commandCalls(DeleteMessageBatchCommand).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    await source.stop();

    expect(handled.sort()).toEqual([...after, ...clean].sort());
    const deleted = mock
      .commandCalls(DeleteMessageBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? [])
      .map((e) => e.ReceiptHandle);
    expect(deleted.sort()).toEqual(clean.map((id) => `rh-${id}`).sort());
    const returned = mock
      .commandCalls(ChangeMessageVisibilityBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    expect(returned.map((e) => e.ReceiptHandle).sort()).toEqual(
      [...before, ...after].map((id) => `rh-${id}`).sort(),
    );
    expect(returned.every((e) => e.VisibilityTimeout === 1)).toBe(true);
    expect(faults.counts.targets).toEqual({ before: before.length, after: after.length });
  });
});

describe('faults stay local', () => {
  /** The non-test TypeScript files under a directory of the repository. */
  function sources(dir: string): string[] {
    return readdirSync(join(repositoryRoot, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('node_modules'))
      .map((f) => join(repositoryRoot, dir, f));
  }

  it('no deployed code (services, infra, the shared packages) imports the local stack, where faults live', () => {
    const deployed = [
      'services',
      'infra',
      ...['aws', 'contract', 'domain', 'middleware', 'topology'].map((p) => `packages/${p}`),
    ].flatMap(sources);
    expect(deployed.length).toBeGreaterThan(50);
    const importing = deployed.filter((file) =>
      /from\s+['"](@wuhan\/local-stack|[./]+(packages\/)?local-stack)/.test(readFileSync(file, 'utf8')),
    );
    expect(importing.map((f) => relative(repositoryRoot, f))).toEqual([]);
  });
});
