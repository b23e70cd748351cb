import { config, documentClient } from '@wuhan/aws';
import { batchedPreferenceStore } from './batched-preferences.js';
import { batchedReads } from './batched-reads.js';
import { dynamoClaimStore } from './claim-store.js';
import { dynamoDigestStore } from './digest-store.js';
import { dynamoDirectory } from './directory.js';
import { mailerFor, type SesRetries } from './transport.js';

/**
 * The notification consumer's adapters, built once per process from the environment (cold start). It never waits
 * for a send rate: it is paced by its event-source mapping and SES's throttling answers (see notify.ts). The
 * digest builds only what it uses (digest-dependencies.ts).
 */
export function productionDependencies(options: { sesRetries?: SesRetries } = {}) {
  const cfg = config();
  // One reader for the profiles, project, nomination and preference items: a batch's records share its requests.
  const read = batchedReads(documentClient, cfg.tableName);
  return {
    directory: dynamoDirectory(read),
    claims: dynamoClaimStore(documentClient, cfg.tableName),
    preferences: batchedPreferenceStore(read),
    digest: dynamoDigestStore(documentClient, cfg.tableName),
    mailer: mailerFor(cfg, options.sesRetries),
    mailFrom: cfg.mailFrom,
    apiBaseUrl: cfg.apiBaseUrl,
  };
}
