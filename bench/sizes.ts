/**
 * Bundle sizes only (no stack, no timing): every topology function and the hello-world bundled exactly as the
 * bench's cold-start section bundles them (bench/bundling.ts), with the bytes per package in each bundle.
 * `npx tsx bench/sizes.ts [--json out.json] [--top 8] [--only name,name]` — seconds, not minutes, so a change
 * to imports can be judged before a bench run.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { topology } from '@wuhan/topology';
import { bundleFunction, packageOf } from './bundle-inspect.js';

const { values } = parseArgs({
  options: { json: { type: 'string' }, top: { type: 'string', default: '8' }, only: { type: 'string' } },
});
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
const only = values.only?.split(',');
const targets = [
  { name: 'hello-world', entry: resolve(root, 'bench/hello-world-handler.ts') },
  ...topology.functions
    .filter((f) => existsSync(resolve(root, f.entry)))
    .filter((f) => only === undefined || only.includes(f.name))
    .map((f) => ({ name: f.name, entry: resolve(root, f.entry) })),
];
const result: Record<string, { bytes: number; packages: Record<string, number> }> = {};
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
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
