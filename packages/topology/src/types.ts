/**
 * The shapes the topology is declared in. The CDK stack (infra/) and the local stack (packages/local-stack)
 * are both generated from one value of these types, and a test proves the synthesized template matches it.
 */

import type { HttpMethod, RouteRef } from '@wuhan/contract';
import type { PlatformConfig } from '@wuhan/domain';

export type { HttpMethod };

/** An API Gateway route (from the contract's operations). `key`: the authorizer runs first; `none`: public. */
export type RouteSpec = RouteRef;

export type Trigger =
  | { kind: 'http'; routes: readonly RouteSpec[] }
  | { kind: 'authorizer' }
  | {
      kind: 'queue';
      queue: string;
      batchSize: number;
      maxBatchingWindowSeconds: number;
      /** Event-source-mapping maximum concurrency (2–1000): how many batches run at once. */
      maxConcurrency: number;
    }
  /** The table's stream, filtered to event-row inserts (`outboxStreamFilter`). */
  | { kind: 'stream'; batchSize: number; maxBatchingWindowSeconds: number; retryAttempts: number }
  /** EventBridge Scheduler cron (six fields: minutes hours day-of-month month day-of-week year) in a time zone. */
  | { kind: 'schedule'; name: string; cron: string; timeZone: string };

/** The DynamoDB actions a function may perform on the table; IAM grants exactly these. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:DescribeTable';

export interface FunctionSpec {
  name: string;
  description: string;
  /** Path of the handler module from the repository root; it exports `handler`. */
  entry: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Reserved concurrency, where a function must not outrun a downstream limit. */
  reservedConcurrency?: number;
  triggers: readonly Trigger[];
  access: {
    table: readonly TableAction[];
    /** Queues (by topology name) the function sends to. `platform:*` means every platform queue. */
    sendTo: readonly string[];
    /** Queues the function may only inspect (GetQueueAttributes), e.g. for health. */
    inspect: readonly string[];
    sendEmail: boolean;
    /**
     * Partition-key prefixes (`PROJECT#`, `DEADLINE#`…) of the items the function may write. IAM allows its
     * PutItem/UpdateItem/DeleteItem only on items whose partition key starts with one of them
     * (`dynamodb:LeadingKeys`), so no writer can mint an `APIKEY#` item it does not own. Every key is built in
     * packages/aws/src/keys.ts; test/unit/infra/table-keys.test.ts checks each prefix against it and each
     * function's writes against its prefixes. Required (non-empty) when `table` holds a write action.
     */
    writeKeys?: readonly string[];
    /**
     * Where reads matter too (the authorizer: keys and their owners), the partition-key prefixes its
     * GetItem/BatchGetItem may read; omitted, reads are not limited by key.
     */
    readKeys?: readonly string[];
  };
  environment?: Readonly<Record<string, string>>;
}

export interface QueueSpec {
  name: string;
  /**
   * The function that consumes it, `external` for a queue a partner system polls (platform queues), or `staff`
   * for a queue people inspect and redrive (relay-undeliverable).
   */
  consumer: string;
  visibilityTimeoutSeconds: number;
  retentionDays: number;
  maxReceiveCount: number;
  dlqRetentionDays: number;
}

export interface GsiSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
  /**
   * What the index copies of an item besides the table's and its own keys: nothing (`KEYS_ONLY`), or the listed
   * attributes (`INCLUDE`). Readers hydrate the items from the table (packages/aws/src/query.ts); a listing's
   * filter may only name attributes its index projects. Never `ALL`: every write of a listed item would copy
   * the whole item to the index (issue 13).
   */
  projection: GsiProjection;
}

export type GsiProjection = { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; nonKeyAttributes: readonly string[] };

export interface TableSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
  gsis: readonly GsiSpec[];
  ttlAttribute: string;
  stream: 'NEW_AND_OLD_IMAGES';
}

/** A configured platform: every profile field, from config/platforms.json (see platforms.ts). */
export type PlatformSpec = PlatformConfig;

export interface Topology {
  service: string;
  table: TableSpec;
  queues: readonly QueueSpec[];
  functions: readonly FunctionSpec[];
  /**
   * Event type → where the relay delivers it: queue names, and field routes (the queue named by a field of the
   * event's data). Adding a consumer of an event is a line here.
   */
  eventRouting: Readonly<Record<string, readonly EventRoute[]>>;
  platforms: readonly PlatformSpec[];
  api: {
    /** The stage's default: what callers with a valid key share. */
    throttle: { rateLimit: number; burstLimit: number };
    /**
     * The budget of callers without a valid key (issue 12, defect 6), so anonymous traffic cannot spend what
     * partners get: the public routes' own throttle in AWS; locally every request without a valid key.
     */
    anonymousThrottle: { rateLimit: number; burstLimit: number };
  };
}

/**
 * Routes an event to the queue named by one field of its data, e.g. `data.platformId` → that platform's own
 * queue. `targets` is the complete list of queues the route can reach: a value missing from it is never sent
 * anywhere else (the relay parks the event on relay-undeliverable), and the CDK grants the relay exactly these.
 * A plain value (no functions) so the relay, the CDK stack and the tests all read the same data.
 */
export interface FieldRoute {
  /** A top-level field of the event's `data`, holding a string. */
  byField: string;
  /** Field value → queue name (by topology name). */
  targets: Readonly<Record<string, string>>;
}

/** One entry of an event's routes: a queue name, or a field route. */
export type EventRoute = string | FieldRoute;
