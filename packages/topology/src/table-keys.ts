/**
 * Partition-key prefixes of the single table, as packages/aws/src/keys.ts builds them, for the IAM
 * `dynamodb:LeadingKeys` conditions (which functions may write which items). The topology stays free of AWS SDK
 * code, so the strings are repeated here; test/unit/infra/table-keys.test.ts checks every one against the key
 * builders, and every function's writes against its list.
 */
export const tableKeys = {
  /** API key items (`APIKEY#<sha256>`) and an API key's history (`APIKEY#<keyId>`, subject kind `apikey`). */
  apiKey: 'APIKEY#',
  project: 'PROJECT#',
  projectKey: 'PROJECTKEY#',
  nomination: 'NOMINATION#',
  enterprise: 'ENTERPRISE#',
  mailClaim: 'MAIL#',
  digest: 'DIGEST#',
  deadline: 'DEADLINE#',
  inbox: 'INBOX#',
  rejected: 'REJECTED#',
  parameters: 'PARAMS#',
  profileKey: 'PROFILEKEY#',
  /** HTTP idempotency records (`IDEMPOTENCY#<scope hash>`, packages/aws/src/idempotency-store.ts). */
  idempotency: 'IDEMPOTENCY#',
  /** Profiles by role (`keys.principal`), and each profile's history; staff's partition also holds preferences. */
  staff: 'STAFF#',
  expert: 'EXPERT#',
  platform: 'PLATFORM#',
  fundManager: 'FUND_MANAGER#',
  commissioner: 'COMMISSIONER#',
  partner: 'PARTNER#',
  /** History rows of subjects that have no item of their own (`keys.history(kind, …)`). */
  systemHistory: 'SYSTEM#',
  consumerHistory: 'CONSUMER#',
  parameterSetHistory: 'PARAMETER_SET#',
  /** §一 progress: one item per counted thing under its target (services/targets). */
  target: 'TARGET#',
  /** Subsidy claims with their history (subject kind `subsidy_claim`), and one usage item per cap key. */
  subsidyClaim: 'SUBSIDY_CLAIM#',
  subsidyCap: 'SUBSIDY_CAP#',
} as const;

export type TableKeyPrefix = (typeof tableKeys)[keyof typeof tableKeys];
