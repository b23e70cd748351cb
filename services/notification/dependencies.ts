import { config, documentClient, dynamoPreferenceStore } from '@wuhan/aws';
import { functionSpec } from '@wuhan/topology';
import { dynamoClaimStore } from './claim-store.js';
import { dynamoDigestStore } from './digest-store.js';
import { dynamoDirectory } from './directory.js';

import { processSendRate, rateLimiter } from './rate-limiter.js';
import { mailerFor } from './transport.js';

/** How many notification processes may run at once: the queue trigger's maximum concurrency. */
function maxConcurrency(): number {
  for (const trigger of functionSpec('notification').triggers)
    if (trigger.kind === 'queue') return trigger.maxConcurrency;
  return 1;
}

/**
 * The adapters both handlers use, built once per process from the environment (cold start). The rate limiter is
 * per process and takes this process's share of the SES sending rate.
 */
export function productionDependencies() {
  const cfg = config();
  return {
    directory: dynamoDirectory(documentClient, cfg.tableName),
    claims: dynamoClaimStore(documentClient, cfg.tableName),
    preferences: dynamoPreferenceStore(documentClient, cfg.tableName),
    digest: dynamoDigestStore(documentClient, cfg.tableName),
    mailer: mailerFor(cfg),
    // SES_MAX_SEND_RATE comes from the function's environment in the topology (CDK and local stack alike).
    limiter: rateLimiter(processSendRate(process.env, maxConcurrency())),
    mailFrom: cfg.mailFrom,
    apiBaseUrl: cfg.apiBaseUrl,
  };
}
