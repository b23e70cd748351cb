import type { BuildOptions } from 'esbuild';

/**
 * The esbuild options the CDK stack bundles each function with, as `NodejsFunction` turns them into an esbuild
 * command line. They mirror the `bundling` props of infra/constructs/secure-function.ts (SecureFunction), which
 * does not export them: keep the two in step (better: move them to one module both import).
 *
 *   minify: true, sourceMap: true, sourcesContent: false, format: ESM, target: node24,
 *   mainFields: ['module', 'main'], banner: REQUIRE_SHIM, bundleAwsSDK: true (so no externals)
 *
 * NodejsFunction adds `--bundle --platform=node --outfile=<out>/index.mjs` and runs esbuild from the project root.
 */
const REQUIRE_SHIM =
  "import { createRequire as __secureFunctionCreateRequire } from 'node:module'; const require = __secureFunctionCreateRequire(import.meta.url);";

export function cdkBundlingOptions(projectRoot: string, entry: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    outfile: `${outdir}/index.mjs`,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    external: [],
    logLevel: 'silent',
    metafile: true,
  };
}

/** What the deployed function runs with (SecureFunction's environment): source maps are mapped at load. */
export const cdkNodeOptions = '--enable-source-maps';
