/**
 * The credential chain of a deployed function, bundled in place of `@aws-sdk/credential-provider-node`
 * (infra/bundling.ts `sdkAliases`; issue 13).
 *
 * Every generated SDK client imports the Node default chain (environment, SSO, ini files, credential process, web
 * identity token, container and instance metadata). Its providers beyond the first are dynamic imports, which
 * esbuild still inlines: about 95 KB of every bundle (the STS/SSO/sign-in clients of `@aws-sdk/nested-clients`
 * alone are 58 KB) that V8 must parse at every cold start, though on Lambda none of them can answer. Lambda gives
 * the execution role's credentials to the function as `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN`, and the default chain takes them from its first link, the environment, every time (the
 * runtime sets no `AWS_PROFILE`). So the deployed chain is that link alone: same credentials, same source, and a
 * function that somehow lacks them fails at its first call with an error naming what is missing, as the full
 * chain would after its last link.
 *
 * Only bundles see this module: tests, the local stack and scripts import the SDK's own chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { CredentialsProviderError } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';

/** The SDK's `credentialDefaultProvider` input: the logger is the only field the environment link reads. */
export interface CredentialProviderInit {
  logger?: Logger;
}

const MISSING =
  'No AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). This bundle reads credentials ' +
  'only from the environment, where Lambda puts the execution role’s (infra/bundling.ts sdkAliases).';

/** `@aws-sdk/credential-provider-node`'s `defaultProvider`, reduced to the link that answers on Lambda. */
export const defaultProvider =
  (init: CredentialProviderInit = {}): AwsCredentialIdentityProvider =>
  async () => {
    try {
      return await fromEnv(init)();
    } catch {
      throw new CredentialsProviderError(MISSING, { tryNextLink: false });
    }
  };

/** The same predicates the default chain exports, for any caller that imports them. */
export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
