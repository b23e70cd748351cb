import type { BuildOptions } from 'esbuild';

import { bundling, externalModules, NODE_OPTIONS, sdkAliases } from '../infra/bundling.js';

/**
 * `deployed`: with infra/bundling.ts `sdkAliases`, as SecureFunction bundles every function. `stock`: the SDK as
 * published, for the hello-world baseline, which issue 13 fixed as a handler with the stock DynamoDB client.
 */
export type SdkBundling = 'deployed' | 'stock';

/**
 * The esbuild options the CDK stack bundles each function with: the same values SecureFunction hands to
 * NodejsFunction (infra/bundling.ts), in the form NodejsFunction gives esbuild (`--bundle --platform=node
 * --format=esm --outfile=<out>/index.mjs`, run from the project root; the SDK bundled; nodemailer external
 * unless the deployment sends by SMTP; the bench's stack uses SES; the SDK aliases of `sdk: 'deployed'`).
 */
export function cdkBundlingOptions(
  projectRoot: string,
  entry: string,
  outdir: string,
  mailTransport: 'ses' | 'smtp' = 'ses',
  sdk: SdkBundling = 'deployed',
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
    ...(sdk === 'deployed' ? { alias: { ...sdkAliases } } : {}),
    logLevel: 'silent',
    metafile: true,
  };
}

/** What the deployed function runs with (SecureFunction's environment): source maps are mapped at load. */
export const cdkNodeOptions = NODE_OPTIONS;
