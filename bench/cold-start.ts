import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FunctionSpec } from '@wuhan/topology';
import { build } from 'esbuild';
import { cdkBundlingOptions, cdkNodeOptions } from './bundling.js';
import { median } from './stats.js';

export interface ColdStartResult {
  name: string;
  bundleBytes: number;
  /** Largest inputs of the bundle by bytes in the output, for the README's "what to trim". */
  topInputs: { path: string; bytes: number }[];
  /** Median time for a fresh process to import the bundle (its top level: the init), measured inside it. */
  initMs: number;
  /** Median wall time of the whole fresh process: spawn, Node's own start, import, exit. */
  processMs: number;
  /** Median import time without --enable-source-maps, to show what the source maps cost at init. */
  initNoSourceMapsMs: number;
}

/**
 * The child: time the dynamic import of the bundle (module evaluation = Lambda's init phase), check it exports a
 * handler, print the milliseconds. `performance.now()` counts from the process's time origin.
 */
const PROBE = `const t0 = performance.now();
const m = await import(process.argv[2]);
const t1 = performance.now();
if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(2); }
process.stdout.write(JSON.stringify({ initMs: t1 - t0, sinceOriginMs: t1 }));
process.exit(0);
`;

function runProbe(
  nodeBin: string,
  probe: string,
  bundle: string,
  env: NodeJS.ProcessEnv,
): Promise<{ initMs: number; processMs: number }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(nodeBin, [probe, bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const processMs = performance.now() - started;
      if (code !== 0)
        return reject(new Error(`cold start probe of ${bundle} exited ${code}: ${err.slice(-500)}`));
      const parsed = JSON.parse(out) as { initMs: number };
      resolvePromise({ initMs: parsed.initMs, processMs });
    });
  });
}

export interface ColdStartOptions {
  root: string;
  workDir: string;
  functions: readonly FunctionSpec[];
  /** The environment a deployed function reads at init (table name, queue URLs…). */
  env: Record<string, string>;
  runs: number;
  onProgress: (line: string) => void;
}

export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartResult[]> {
  const { root, workDir } = options;
  mkdirSync(workDir, { recursive: true });
  // The Node 24 of the `node` dev dependency, the same major as the nodejs24.x runtime.
  const nodeBin = resolve(root, 'node_modules/.bin/node');
  const probe = join(workDir, 'probe.mjs');
  writeFileSync(probe, PROBE);
  const helloEntry = resolve(root, 'bench/hello-world-handler.ts');

  const targets = [
    { name: 'hello-world (DynamoDB client only)', entry: helloEntry },
    ...options.functions.map((f) => ({ name: f.name, entry: resolve(root, f.entry) })),
  ];
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env };
  const results: ColdStartResult[] = [];
  for (const target of targets) {
    const outdir = join(workDir, target.name.split(' ')[0] as string);
    options.onProgress(`cold start: bundling ${target.name}`);
    const built = await build(cdkBundlingOptions(root, target.entry, outdir));
    const bundle = join(outdir, 'index.mjs');
    const bundleBytes = statSync(bundle).size;
    const output = Object.values(built.metafile?.outputs ?? {}).find((o) => o.entryPoint !== undefined);
    const topInputs = Object.entries(output?.inputs ?? {})
      .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5);
    const withMaps: { initMs: number; processMs: number }[] = [];
    const withoutMaps: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      options.onProgress(`cold start: ${target.name} run ${run + 1}/${options.runs}`);
      // Alternate the two settings so drift on the shared machine hits both alike.
      withMaps.push(await runProbe(nodeBin, probe, bundle, { ...baseEnv, NODE_OPTIONS: cdkNodeOptions }));
      withoutMaps.push((await runProbe(nodeBin, probe, bundle, { ...baseEnv, NODE_OPTIONS: '' })).initMs);
    }
    results.push({
      name: target.name,
      bundleBytes,
      topInputs,
      initMs: median(withMaps.map((r) => r.initMs)),
      processMs: median(withMaps.map((r) => r.processMs)),
      initNoSourceMapsMs: median(withoutMaps),
    });
  }
  return results;
}
