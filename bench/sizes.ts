/**
 * Bundle sizes (no stack): every topology function and the hello-world bundled exactly as the bench's
 * cold-start section bundles them (bench/bundling.ts), with the bytes per package in each bundle.
 * `npx tsx bench/sizes.ts [--json out.json] [--top 8] [--only name,name] [--init 3] [--keep dir]` — seconds, not minutes, so
 * a change to imports can be judged before a bench run. `--init N` also runs the bench's cold-start probe
 * (bench/cold-start.ts, N fresh processes per bundle, no stack) and prints init ÷ the hello-world's init.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageOf } from './bundle-inspect.js';
import {
  type BundledTarget,
  bundleTarget,
  coldStartEnvironment,
  coldStartTargets,
  functionsWithEntry,
  InitProbe,
} from './cold-start.js';

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
// The targets and their bundling are the bench's cold-start section's own (bench/cold-start.ts).
const targets = coldStartTargets(root, functionsWithEntry(root, only).functions);
const nameOf = (target: { name: string }) => target.name.split(' ')[0] ?? target.name;
const result: Record<
  string,
  { bytes: number; libraryBytes: number; packages: Record<string, number>; initMs?: number }
> = {};
const bundled: BundledTarget[] = [];
let helloBytes = 0;
try {
  for (const target of targets) {
    const built = await bundleTarget(root, work, target);
    bundled.push(built);
    const name = nameOf(target);
    const packages: Record<string, number> = {};
    for (const [path, bytes] of Object.entries(built.inputs)) {
      const pkg = packageOf(path);
      packages[pkg] = (packages[pkg] ?? 0) + bytes;
    }
    // What the function's libraries (node_modules: SDK clients, Powertools, zod, middy) weigh before any of
    // our code: the floor our own code cannot go below (issue 13's notification is over 1.5× on this alone).
    const libraryBytes = Object.entries(built.inputs)
      .filter(([path]) => path.includes('node_modules/'))
      .reduce((sum, [, bytes]) => sum + bytes, 0);
    result[name] = { bytes: built.bytes, libraryBytes, packages };
    if (name === 'hello-world') helloBytes = built.bytes;
    const top = Object.entries(packages)
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(values.top))
      .map(([p, b]) => `${p} ${Math.round(b / 1024)}`)
      .join(', ');
    const ratio = (bytes: number) => (helloBytes > 0 ? (bytes / helloBytes).toFixed(2) : '-');
    process.stdout.write(
      `${name.padEnd(16)} ${String(Math.round(built.bytes / 1024)).padStart(5)} KB  ${ratio(built.bytes)}×  libraries ${ratio(libraryBytes)}×  ${top}\n`,
    );
  }
  if (values.init !== undefined) await measureInit(Number(values.init));
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
} finally {
  if (values.keep === undefined) rmSync(work, { recursive: true, force: true });
}

/** The bench's cold-start probe (bench/run.ts's) on the bundles just built. */
async function measureInit(runs: number): Promise<void> {
  const probe = new InitProbe(root, join(work, 'init'), coldStartEnvironment());
  const cold = [];
  // Each function paired with the hello-world (bundled[0]), as the bench measures them.
  for (const built of bundled)
    cold.push(await probe.measure(built, runs, () => {}, built === bundled[0] ? undefined : bundled[0]));
  const hello = cold[0]?.initMs ?? 1;
  for (const c of cold) {
    const name = nameOf(c);
    const entry = result[name] ?? { bytes: c.bundleBytes, libraryBytes: 0, packages: {} };
    result[name] = { ...entry, initMs: c.initMs };
    process.stdout.write(
      `${name.padEnd(16)} init ${c.initMs.toFixed(0).padStart(4)} ms  ${(c.pairedRatio ?? c.initMs / hello).toFixed(2)}× paired  (no source maps ${c.initNoSourceMapsMs.toFixed(0)} ms)\n`,
    );
  }
}
