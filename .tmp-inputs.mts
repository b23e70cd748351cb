import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { cdkBundlingOptions } from '/work/wt/lean2/bench/bundling.js';
const root = '/work/wt/lean2';
const [entry, filter] = process.argv.slice(2);
const built = await build(cdkBundlingOptions(root, resolve(root, entry), '/tmp/lean2-out'));
const meta = built.metafile!;
const out = Object.values(meta.outputs).find((o) => o.entryPoint)!;
for (const [p, v] of Object.entries(out.inputs).filter(([p]) => p.includes(filter)).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
  const importers = Object.entries(meta.inputs).filter(([, i]) => i.imports.some((x) => x.path === p)).map(([q]) => q);
  console.log(String(v.bytesInOutput).padStart(6), p, '<=', importers.slice(0, 4).join(' '));
}
