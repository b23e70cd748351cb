import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { cdkBundlingOptions, type SdkBundling } from './bundling.js';

export interface BundledFunction {
  /** Bytes of the minified bundle, as deployed. */
  bytes: number;
  /** Each input module (metafile path) and its bytes in the output. */
  inputs: Record<string, number>;
}

/** Bundles one entry with the deployed settings (bench/bundling.ts) and reads its metafile. */
export async function bundleFunction(
  root: string,
  entry: string,
  outdir: string,
  mailTransport: 'ses' | 'smtp' = 'ses',
  sdk: SdkBundling = 'deployed',
): Promise<BundledFunction> {
  const built = await build(cdkBundlingOptions(root, entry, outdir, mailTransport, sdk));
  const output = Object.values(built.metafile?.outputs ?? {}).find((o) => o.entryPoint !== undefined);
  const inputs: Record<string, number> = {};
  for (const [path, v] of Object.entries(output?.inputs ?? {})) inputs[path] = v.bytesInOutput;
  return { bytes: statSync(join(outdir, 'index.mjs')).size, inputs };
}

/**
 * The package a metafile path belongs to: `zod/v4/classic`-style sub-areas for zod (classic vs mini vs core vs
 * locales matters), the package name for other node_modules, the workspace package or service for our own code.
 */
export function packageOf(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
    if (name === 'zod') {
      const v4 = parts.indexOf('v4');
      return v4 >= 0 ? `zod/v4/${parts[v4 + 1] ?? ''}` : 'zod';
    }
    return name;
  }
  const parts = path.split('/');
  if (parts[0] === 'packages' || parts[0] === 'services') return `${parts[0]}/${parts[1]}`;
  return parts[0] ?? path;
}
