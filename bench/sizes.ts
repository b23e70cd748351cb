/**
 * Bundle sizes (no stack): every topology function and the hello-world bundled exactly as the bench's
 * cold-start section bundles them (bench/bundling.ts), with the bytes per package in each bundle.
 * `npx tsx bench/sizes.ts [--json out.json] [--top 8] [--only name,name] [--init 3] [--keep dir]` — seconds, not minutes, so
 * a change to imports can be judged before a bench run. `--init N` also runs the bench's cold-start probe
 * (bench/cold-start.ts, N fresh processes per bundle, no stack) and prints init ÷ the hello-world's init.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { handlerEnvironment } from '@wuhan/local-stack';
import { topology } from '@wuhan/topology';
import { bundleFunction, packageOf } from './bundle-inspect.js';
import { measureColdStarts } from './cold-start.js';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    top: { type: 'string', default: '8' },
    only: { type: 'string' },
    init: { type: 'string' },
    keep: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');
const work = values.keep ?? mkdtempSync(join(tmpdir(), 'bench-sizes-'));
const only = values.only?.split(',');
const targets = [
  { name: 'hello-world', entry: resolve(root, 'bench/hello-world-handler.ts') },
  ...topology.functions
    .filter((f) => existsSync(resolve(root, f.entry)))
    .filter((f) => only === undefined || only.includes(f.name))
    .map((f) => ({ name: f.name, entry: resolve(root, f.entry) })),
];
const result: Record<string, { bytes: number; packages: Record<string, number>; initMs?: number }> = {};
let helloBytes = 0;
try {
  for (const target of targets) {
    const built = await bundleFunction(root, target.entry, join(work, target.name));
    const packages: Record<string, number> = {};
    for (const [path, bytes] of Object.entries(built.inputs)) {
      const pkg = packageOf(path);
      packages[pkg] = (packages[pkg] ?? 0) + bytes;
    }
    result[target.name] = { bytes: built.bytes, packages };
    if (target.name === 'hello-world') helloBytes = built.bytes;
    const top = Object.entries(packages)
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(values.top))
      .map(([p, b]) => `${p} ${Math.round(b / 1024)}`)
      .join(', ');
    const ratio = helloBytes > 0 ? (built.bytes / helloBytes).toFixed(2) : '-';
    process.stdout.write(
      `${target.name.padEnd(16)} ${String(Math.round(built.bytes / 1024)).padStart(5)} KB  ${ratio}×  ${top}\n`,
    );
  }
  if (values.init !== undefined) await measureInit(Number(values.init));
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
} finally {
  if (values.keep === undefined) rmSync(work, { recursive: true, force: true });
}

/** The bench's cold-start section on its own (the same environment as bench/run.ts gives it). */
async function measureInit(runs: number): Promise<void> {
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
  const cold = await measureColdStarts({
    root,
    workDir: join(work, 'init'),
    functions: topology.functions.filter(
      (f) => existsSync(resolve(root, f.entry)) && (only === undefined || only.includes(f.name)),
    ),
    env: { ...env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    runs,
    onProgress: () => {},
  });
  const hello = cold[0]?.initMs ?? 1;
  for (const c of cold) {
    const name = c.name.split(' ')[0] ?? c.name;
    const entry = result[name] ?? { bytes: c.bundleBytes, packages: {} };
    result[name] = { ...entry, initMs: c.initMs };
    process.stdout.write(
      `${name.padEnd(16)} init ${c.initMs.toFixed(0).padStart(4)} ms  ${(c.initMs / hello).toFixed(2)}×  (no source maps ${c.initNoSourceMapsMs.toFixed(0)} ms)\n`,
    );
  }
}
