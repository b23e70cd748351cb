/**
 * How every function is bundled, in one place: SecureFunction hands these to NodejsFunction, and the benchmark
 * (bench/bundling.ts) hands the same values to esbuild, so the cold-start figures measure what is deployed.
 */

/**
 * Bundles are ESM; some dependencies still call `require` (CommonJS inside the bundle), which ESM lacks. The
 * banner gives the bundle a `require` bound to its own location.
 */
export const REQUIRE_SHIM =
  "import { createRequire as __secureFunctionCreateRequire } from 'node:module'; const require = __secureFunctionCreateRequire(import.meta.url);";

export const bundling = {
  minify: true,
  sourceMap: true,
  // Stack traces map back to the TypeScript without shipping the sources themselves.
  sourcesContent: false,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: REQUIRE_SHIM,
  // The AWS SDK is bundled, not taken from the runtime: the versions we test (and Powertools expects) are the
  // versions that run, and a tree-shaken, minified SDK loads faster at cold start than the runtime's full copy.
  bundleAwsSDK: true,
} as const;

/**
 * Packages every bundle takes from our own modules instead (esbuild `alias`). The SDK's Node credential chain
 * becomes the links that can answer on Lambda, the environment and a container credentials endpoint: about
 * 130 KB less in every bundle (packages/aws/src/clients/lambda-credentials.ts says why those are the same
 * credentials; test/unit/infra/lambda-credentials-bundles.test.ts keeps the rest of the chain out). The path is
 * relative to esbuild's working directory, the project root, so it holds wherever the root is mounted (local
 * bundling, the bench, or CDK's Docker fallback at /asset-input).
 */
export const sdkAliases: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './packages/aws/src/clients/lambda-credentials.ts',
};

/** `sdkAliases` in the form NodejsFunction hands to esbuild's command line (`--alias:<package>=<path>`). */
export function esbuildAliasArgs(): { '--alias': string[] } {
  return {
    '--alias': Object.entries(sdkAliases).map(([pkg, path]) => `${pkg}=${path}`),
  };
}

/** Set on every function: source maps are applied to stack traces at load. */
export const NODE_OPTIONS = '--enable-source-maps';

/**
 * Packages left out of a deployment's bundles. nodemailer (≈ 240 KB minified, mostly MIME tables) serves only
 * SMTP deployments; services/notification/smtp-mailer.ts imports it dynamically at the first send, so with SES
 * the bundle neither carries nor loads it (test/unit/infra/bundle-contents.test.ts guards this).
 */
export function externalModules(mailTransport: 'ses' | 'smtp'): string[] {
  return mailTransport === 'smtp' ? [] : ['nodemailer'];
}
