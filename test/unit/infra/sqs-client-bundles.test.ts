import { topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { bundledModules } from './bundled-modules.js';

/**
 * Issue 13: an event consumer asks SQS for one thing, its retry backoff (GetQueueUrl + ChangeMessageVisibility,
 * packages/aws/src/queue-backoff.ts), which goes through the two-operation client of
 * packages/aws/src/clients/sqs-visibility.ts. The generated `@aws-sdk/client-sqs` (every operation's schema,
 * ≈ 24 KB) kept subsidy, evaluation and matching over 1.5× the hello-world; a consumer module that imports it
 * again (e.g. `sqs` from '@wuhan/aws') fails here, by what the bundle contains rather than by a byte budget.
 */
const bundled = bundledModules('sqs-client-bundles');

const generatedSqsClient = (paths: string[]) =>
  paths.filter((path) => path.includes('node_modules/@aws-sdk/client-sqs/'));

const consumers = topology.functions.filter((f) => f.triggers.some((t) => t.kind === 'queue'));

describe('event consumers bundle no generated SQS client', () => {
  it('knows the consumers', () => {
    // The list below must not silently shrink to nothing.
    expect(consumers.map((f) => f.name)).toEqual(
      expect.arrayContaining(['notification', 'targets', 'evaluation', 'matching', 'subsidy']),
    );
  });

  it.each(consumers.map((f) => [f.name, f.entry] as const))(
    '%s backs off through the two-operation client, without @aws-sdk/client-sqs',
    async (name, entry) => {
      const paths = await bundled(name, entry);
      expect(paths.some((path) => path.endsWith('packages/aws/src/clients/sqs-visibility.ts'))).toBe(true);
      expect(generatedSqsClient(paths)).toEqual([]);
    },
  );

  it('would see the generated client: the relay, which sends with it, carries it', async () => {
    const relay = topology.functions.find((f) => f.name === 'relay');
    expect(relay).toBeDefined();
    expect(generatedSqsClient(await bundled('relay', relay?.entry ?? ''))).not.toEqual([]);
  });
});
