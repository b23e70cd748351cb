import { config, documentClient, dynamoPreferenceStore } from '@wuhan/aws';
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
  return {
    directory: dynamoDirectory(documentClient, cfg.tableName),
    claims: dynamoClaimStore(documentClient, cfg.tableName),
    preferences: dynamoPreferenceStore(documentClient, cfg.tableName),
    digest: dynamoDigestStore(documentClient, cfg.tableName),
    mailer: mailerFor(cfg, options.sesRetries),
    mailFrom: cfg.mailFrom,
    apiBaseUrl: cfg.apiBaseUrl,
  };
}
