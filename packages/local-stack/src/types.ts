/** What a running local stack tells its users (`.local/stack.json`, and the integration tests via `inject`). */
export interface StackInfo {
  apiUrl: string;
  region: string;
  tableName: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  sesEndpoint: string;
  /** The SES emulator's web inbox; stored mail as JSON at `${sesEndpoint}/store`. */
  inboxUrl: string;
  /** Queue URLs by topology name. */
  queues: Record<string, string>;
  /** Dead-letter queue URLs by the source queue's topology name. */
  dlqs: Record<string, string>;
  /** Each platform's own queue URL, by platform id. */
  platformQueues: Record<string, string>;
  /** Local-only control API (not part of the product): trigger a schedule now, read consumer state. */
  controlUrl: string;
  /**
   * The environment the functions run with (TABLE_NAME, QUEUE_URLS, AWS_ENDPOINT_URL_*, dummy credentials…).
   * A test process that calls shared code directly (e.g. `commit()`) assigns it to `process.env` first.
   */
  environment: Record<string, string>;
}

export interface IssuedCredential {
  role: string;
  ownerId: string;
  keyId: string;
  key: string;
  label: string;
  /** `['admin']` on the first staff member's key: it may issue staff keys and revoke other staff members' keys. */
  scopes?: readonly 'admin'[];
  /** A platform's key names its platformId: the same id keys `platformQueues` in `.local/stack.json`. */
  platformId?: string;
}

/** `.local/credentials.json`: the seeded API keys, by role, with their owners. */
export interface Credentials {
  keys: IssuedCredential[];
}
