import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { handlerEnvironment } from '@wuhan/local-stack';
import { type FunctionSpec, topology } from '@wuhan/topology';
import { bundleFunction } from './bundle-inspect.js';
import { cdkNodeOptions, type SdkBundling } from './bundling.js';
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
  /**
   * Median of init ÷ the hello-world's init, the hello-world imported right before each of this bundle's runs
   * (interleaved): load on the shared machine drifts over the minute the section takes, so a ratio against a
   * hello-world measured once at the start moved ±0.2 between runs; paired, both sides see the same moment.
   * Absent for the hello-world itself.
   */
  pairedRatio?: number;
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

/** What is bundled: the hello-world baseline first, then each function. */
export interface ColdStartTarget {
  name: string;
  entry: string;
  /** How the SDK is bundled (bench/bundling.ts): `stock` only for the hello-world baseline. */
  sdk?: SdkBundling;
}

/** One target bundled as deployed. */
export interface BundledTarget extends ColdStartTarget {
  /** The bundle's path (`<outdir>/index.mjs`). */
  bundle: string;
  bytes: number;
  /** Each input module (metafile path) and its bytes in the output. */
  inputs: Record<string, number>;
}

export const helloWorldName = 'hello-world (DynamoDB client only)';

/**
 * The hello-world baseline (the stock SDK, as issue 13 fixed it), the same handler bundled as the functions are
 * (infra/bundling.ts `sdkAliases`: how much of the functions' distance from the baseline is the SDK's credential
 * chain, shown rather than hidden), then the given functions, each by its entry's absolute path.
 */
export function coldStartTargets(root: string, functions: readonly FunctionSpec[]): ColdStartTarget[] {
  const helloWorld = resolve(root, 'bench/hello-world-handler.ts');
  return [
    { name: helloWorldName, entry: helloWorld, sdk: 'stock' },
    { name: 'hello-world-deployed (the same handler, bundled as the functions are)', entry: helloWorld },
    ...functions.map((f) => ({ name: f.name, entry: resolve(root, f.entry) })),
  ];
}

/**
 * Bundles one target with the deployed settings (bench/bundle-inspect.ts, as the bundle-content tests do) into
 * `<workDir>/<first word of its name>`.
 */
export async function bundleTarget(
  root: string,
  workDir: string,
  target: ColdStartTarget,
): Promise<BundledTarget> {
  const outdir = join(workDir, target.name.split(' ')[0] as string);
  const built = await bundleFunction(root, target.entry, outdir, 'ses', target.sdk);
  return { ...target, bundle: join(outdir, 'index.mjs'), bytes: built.bytes, inputs: built.inputs };
}

/** The fresh-process import probe, set up once per work directory. */
export class InitProbe {
  // The Node 24 of the `node` dev dependency, the same major as the nodejs24.x runtime.
  private readonly nodeBin: string;
  private readonly probe: string;
  private readonly baseEnv: NodeJS.ProcessEnv;

  constructor(root: string, workDir: string, env: Record<string, string>) {
    mkdirSync(workDir, { recursive: true });
    this.nodeBin = resolve(root, 'node_modules/.bin/node');
    this.probe = join(workDir, 'probe.mjs');
    writeFileSync(this.probe, PROBE);
    this.baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env };
  }

  /**
   * `runs` imports of the bundle with source maps (as deployed) and as many without; medians. With `reference`
   * (the hello-world), each run first imports the reference too, and `pairedRatio` is the median of the runs'
   * ratios.
   */
  async measure(
    built: BundledTarget,
    runs: number,
    onProgress: (line: string) => void,
    reference?: BundledTarget,
  ): Promise<ColdStartResult> {
    const withMaps: { initMs: number; processMs: number }[] = [];
    const withoutMaps: number[] = [];
    const ratios: number[] = [];
    for (let run = 0; run < runs; run++) {
      onProgress(`cold start: ${built.name} run ${run + 1}/${runs}`);
      const referenceMs = reference
        ? (
            await runProbe(this.nodeBin, this.probe, reference.bundle, {
              ...this.baseEnv,
              NODE_OPTIONS: cdkNodeOptions,
            })
          ).initMs
        : undefined;
      // Alternate the two settings so drift on the shared machine hits both alike.
      withMaps.push(
        await runProbe(this.nodeBin, this.probe, built.bundle, {
          ...this.baseEnv,
          NODE_OPTIONS: cdkNodeOptions,
        }),
      );
      withoutMaps.push(
        (await runProbe(this.nodeBin, this.probe, built.bundle, { ...this.baseEnv, NODE_OPTIONS: '' }))
          .initMs,
      );
      const latest = withMaps.at(-1);
      if (referenceMs !== undefined && latest) ratios.push(latest.initMs / referenceMs);
    }
    return {
      name: built.name,
      bundleBytes: built.bytes,
      topInputs: Object.entries(built.inputs)
        .map(([path, bytes]) => ({ path, bytes }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5),
      initMs: median(withMaps.map((r) => r.initMs)),
      processMs: median(withMaps.map((r) => r.processMs)),
      initNoSourceMapsMs: median(withoutMaps),
      ...(ratios.length ? { pairedRatio: median(ratios) } : {}),
    };
  }
}

export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartResult[]> {
  const { root, workDir } = options;
  const probe = new InitProbe(root, workDir, options.env);
  const results: ColdStartResult[] = [];
  let hello: BundledTarget | undefined;
  for (const target of coldStartTargets(root, options.functions)) {
    options.onProgress(`cold start: bundling ${target.name}`);
    const built = await bundleTarget(root, workDir, target);
    // The first target is the hello-world: every later one is measured paired with it.
    results.push(await probe.measure(built, options.runs, options.onProgress, hello));
    hello ??= built;
  }
  return results;
}

/** The topology's functions whose entry exists (measured) and the names of those without one (reported). */
export function functionsWithEntry(
  root: string,
  only?: readonly string[],
): { functions: FunctionSpec[]; missing: string[] } {
  const chosen = topology.functions.filter((f) => only === undefined || only.includes(f.name));
  return {
    functions: chosen.filter((f) => existsSync(resolve(root, f.entry))),
    missing: chosen.filter((f) => !existsSync(resolve(root, f.entry))).map((f) => f.name),
  };
}

/**
 * The environment a deployed function reads at init (table name, queue URLs…), pointing at a port nothing
 * listens on: the probe only imports the bundle, and a module that called out at init would fail loudly.
 */
export function coldStartEnvironment(): Record<string, string> {
  const env = handlerEnvironment({
    region: 'us-east-1',
    tableName: 'bench-main',
    queueUrls: Object.fromEntries(
      topology.queues.map((q) => [q.name, `http://127.0.0.1:9/000000000000/${q.name}`]),
    ),
    dynamodbEndpoint: 'http://127.0.0.1:9',
    sqsEndpoint: 'http://127.0.0.1:9',
    sesEndpoint: 'http://127.0.0.1:9',
    apiUrl: 'http://127.0.0.1:9',
  });
  return { ...env, POWERTOOLS_LOG_LEVEL: 'SILENT' };
}

/**
 * The bench's cold-start section (bench/run.ts) and `bench/sizes.ts --init`: the hello-world and every topology
 * function with an entry (or those of `only`), bundled as deployed and imported by fresh processes.
 */
export async function measureTopologyColdStarts(options: {
  root: string;
  workDir: string;
  runs: number;
  only?: readonly string[];
  onProgress: (line: string) => void;
}): Promise<{ results: ColdStartResult[]; missing: string[] }> {
  const { functions, missing } = functionsWithEntry(options.root, options.only);
  const results = await measureColdStarts({
    root: options.root,
    workDir: options.workDir,
    functions,
    env: coldStartEnvironment(),
    runs: options.runs,
    onProgress: options.onProgress,
  });
  return { results, missing };
}
