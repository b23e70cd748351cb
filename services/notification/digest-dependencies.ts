import { config, documentClient, listProfiles } from '@wuhan/aws';
import { dynamoClaimStore } from './claim-store.js';
import { dynamoDigestStore } from './digest-store.js';
import type { DigestDeps } from './send-digest.js';
import { mailerFor } from './transport.js';

/**
 * The digest's adapters, built once per process (cold start): only what `sendDigests` uses. The notification
 * consumer's set (dependencies.ts) has a preference store and a directory of projects and nominations besides,
 * which the digest never reads (its entries carry their project's facts) and would only bundle (issue 13). It
 * sends one email after another, with the SDK's own retries (a failed run waits for the scheduler's retry).
 */
export function digestDependencies(): DigestDeps {
  const cfg = config();
  return {
    directory: { staff: () => listProfiles('staff') },
    claims: dynamoClaimStore(documentClient, cfg.tableName),
    digest: dynamoDigestStore(documentClient, cfg.tableName),
    mailer: mailerFor(cfg, 'sdk'),
    mailFrom: cfg.mailFrom,
    apiBaseUrl: cfg.apiBaseUrl,
  };
}
