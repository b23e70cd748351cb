import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { topology } from '@wuhan/topology';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addServiceStack } from '../../../infra/service-app.js';
import { projectRoot } from './fixture-app.js';

/**
 * What `npm run synth` does, with the real handlers: every entry bundles as an ESM module and cdk-nag passes.
 * The template itself is asserted in stack.test.ts (with a fixture handler, which is much faster to bundle).
 */
describe('synth of the real app', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
  const saved = { ...process.env };
  // What a Lambda environment provides; handlers read their configuration when they load.
  beforeAll(() => {
    process.env.AWS_REGION ??= 'ap-east-1';
    process.env.TABLE_NAME ??= 'table';
    process.env.QUEUE_URLS ??= '{}';
  });
  afterAll(() => {
    process.env = saved;
    rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles every function of the topology into a loadable ESM module and passes cdk-nag', async () => {
    const app = new App({ outdir });
    const stack = addServiceStack(app, { topology, projectRoot });
    const assembly = app.synth();
    const bundles: [string, string][] = [];
    expect(assembly.getStackByName(stack.stackName).template.Resources).toBeDefined();
    for (const spec of topology.functions) {
      const fn = stack.functions.get(spec.name);
      const code = stack.resolve(
        (fn?.function.node.defaultChild as { code?: { s3Key?: string } })?.code?.s3Key,
      );
      expect(typeof code, spec.name).toBe('string');
      const bundle = join(outdir, `asset.${String(code).replace(/\.zip$/, '')}`, 'index.mjs');
      expect(existsSync(bundle), `${spec.name}: ${bundle}`).toBe(true);
      bundles.push([spec.name, bundle]);
    }
    // Loading each bundle proves the ESM output runs on this Node (the require shim, the bundled SDK).
    for (const [name, bundle] of bundles) {
      const loaded = (await import(pathToFileURL(bundle).href)) as { handler?: unknown };
      expect(typeof loaded.handler, name).toBe('function');
    }
  }, 300_000);
});
