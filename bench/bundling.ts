import type { BuildOptions } from 'esbuild';

import { bundling, externalModules, NODE_OPTIONS } from '../infra/bundling.js';

/**
 * The esbuild options the CDK stack bundles each function with: the same values SecureFunction hands to
 * NodejsFunction (infra/bundling.ts), in the form NodejsFunction gives esbuild (`--bundle --platform=node
 * --format=esm --outfile=<out>/index.mjs`, run from the project root; the SDK bundled; nodemailer external
 * unless the deployment sends by SMTP; the bench's stack uses SES).
 */
export function cdkBundlingOptions(
  projectRoot: string,
  entry: string,
  outdir: string,
  mailTransport: 'ses' | 'smtp' = 'ses',
): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: 'esm',
    outfile: `${outdir}/index.mjs`,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: [...bundling.mainFields],
    banner: { js: bundling.banner },
    external: externalModules(mailTransport),
    logLevel: 'silent',
    metafile: true,
  };
}

/** What the deployed function runs with (SecureFunction's environment): source maps are mapped at load. */
export const cdkNodeOptions = NODE_OPTIONS;
