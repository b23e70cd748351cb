/**
 * The credential chain of a deployed function, bundled in place of `@aws-sdk/credential-provider-node`
 * (infra/bundling.ts `sdkAliases`; issue 13).
 *
 * Every generated SDK client imports the Node default chain: environment, SSO, ini files, credential process, web
 * identity token, then the container endpoint or instance metadata. Its links beyond the first are dynamic
 * imports, which esbuild still inlines: about 130 KB of every bundle (the STS/SSO/sign-in clients of
 * `@aws-sdk/nested-clients` alone are 58 KB) that V8 parses at every cold start, though on Lambda none of the
 * middle links can answer. Lambda gives a function its execution role's credentials as `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, and the default chain takes them from its first link, the
 * environment, every time (the runtime sets no `AWS_PROFILE`). So the deployed chain keeps:
 * - the environment, first, as the default chain has it: what answers on Lambda;
 * - the container credentials endpoint, when the runtime announces one (`AWS_CONTAINER_CREDENTIALS_FULL_URI` or
 *   `…_RELATIVE_URI`), as the default chain would reach it after the links Lambda cannot use: cheap insurance
 *   (≈ 9 KB of bundle, run only then) should a runtime serve credentials that way instead.
 * Without either, the first call fails with an error naming what is missing, as the full chain would after its
 * last link. Like the default chain (`memoizeChain`), the answer is cached and fetched again only when asked to
 * (`forceRefresh`) or within 5 minutes of its expiry: the client calls this provider on every request and caches
 * nothing itself.
 *
 * Only bundles see this module: tests, the local stack and scripts import the SDK's own chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { CredentialsProviderError, memoize } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';

/** The SDK's `credentialDefaultProvider` input: the logger is the only field these links read. */
export interface CredentialProviderInit {
  logger?: Logger;
}

const ENVIRONMENT = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const CONTAINER_ENDPOINT = [
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
] as const;

const MISSING =
  'No AWS credentials: neither AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY nor a container credentials endpoint ' +
  '(AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) is set. This bundle reads ' +
  'credentials only where Lambda provides them (infra/bundling.ts sdkAliases).';

/** The same predicates the default chain exports, for any caller that imports them. */
export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;

/** `@aws-sdk/credential-provider-node`'s `defaultProvider`, reduced to the links that answer on Lambda. */
export const defaultProvider = (init: CredentialProviderInit = {}): AwsCredentialIdentityProvider =>
  memoize(
    async () => {
      if (ENVIRONMENT.every((name) => process.env[name])) return fromEnv(init)();
      if (CONTAINER_ENDPOINT.some((name) => process.env[name])) {
        const { fromHttp } = await import('@aws-sdk/credential-provider-http');
        return fromHttp(init)();
      }
      throw new CredentialsProviderError(MISSING, { tryNextLink: false });
    },
    credentialsTreatedAsExpired,
    credentialsWillNeedRefresh,
  );
