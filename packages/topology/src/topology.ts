import { type Operations, operationsByFunction, routesOf } from '@wuhan/contract';
import { eventRouting } from './event-routing.js';
import { platformQueue, platforms } from './platforms.js';
import { RELAY_UNDELIVERABLE_QUEUE, routingTargets, STAFF_CONSUMER } from './routing.js';
import { tableKeys as k } from './table-keys.js';
import type { FunctionSpec, GsiProjection, QueueSpec, RouteSpec, TableAction, Topology } from './types.js';

/**
 * The whole system as data: one table, its queues, every function with its triggers, limits and grants, and
 * where each event type goes. infra/ synthesizes the CDK stack from this value; packages/local-stack runs it.
 */

const readProjects = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
const transactWrite = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'] as const;
/**
 * HTTP idempotency records live in the table (packages/aws/src/idempotency-store.ts): get, put and delete; the
 * record no longer needs UpdateItem, which stays because some functions' own writes come by this list.
 */
const idempotency = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * The consumer's timeout decides its queue's visibility timeout (≥ 6 × timeout + batching window). Permanent
 * failures never reach the DLQ (they are recorded at once), so `maxReceiveCount` only bounds how long a
 * transient failure is retried: 5 deliveries back off 2 + 8 + 30 + 120 s (packages/aws/src/queue-backoff.ts).
 */
function queueFor(
  name: string,
  consumer: FunctionSpec,
  maxBatchingWindowSeconds: number,
  maxReceiveCount = 5,
): QueueSpec {
  return {
    name,
    consumer: consumer.name,
    visibilityTimeoutSeconds: 6 * consumer.timeoutSeconds + maxBatchingWindowSeconds,
    retentionDays: 4,
    maxReceiveCount,
    dlqRetentionDays: 14,
  };
}

/**
 * Notification paces its sends by SES's throttling answers (a throttled record backs off and comes back), so a
 * burst above the account's send rate costs it deliveries, not failures: 12 deliveries wait out ≈ 40 minutes
 * (2 + 8 + 30 + 120 + 7 × 300 s) before a record reaches the DLQ, enough for a call for nominations' peak.
 */
const NOTIFICATION_MAX_RECEIVE_COUNT = 12;

/**
 * A function behind the HTTP API, with what every API function shares: a 10 s timeout (API Gateway's limit is
 * 30 s), no queues, no email. Its routes are its operations' (packages/contract), declared there once. A new
 * capability's API is one call of this.
 */
function apiFunction(spec: {
  name: string;
  description: string;
  entry: string;
  operations: Operations;
  table: readonly TableAction[];
  memoryMb?: number;
  inspect?: readonly string[];
  /** The partition-key prefixes it writes; its idempotency records' prefix is added when an operation is idempotent. */
  writeKeys?: readonly string[];
}): FunctionSpec {
  const idempotent = Object.values(spec.operations).some((op) => op.idempotent === true);
  const writeKeys = unique([...(spec.writeKeys ?? []), ...(idempotent ? [k.idempotency] : [])]);
  return {
    name: spec.name,
    description: spec.description,
    entry: spec.entry,
    timeoutSeconds: 10,
    memoryMb: spec.memoryMb ?? 256,
    triggers: [{ kind: 'http', routes: routesOf(spec.operations) }],
    access: {
      table: unique(spec.table),
      sendTo: [],
      inspect: spec.inspect ?? [],
      sendEmail: false,
      ...(writeKeys.length > 0 ? { writeKeys } : {}),
    },
  };
}

export const authorizer: FunctionSpec = {
  name: 'authorizer',
  description: 'Resolves a Bearer API key to its role and owner for API Gateway',
  entry: 'services/authorizer/handler.ts',
  timeoutSeconds: 5,
  memoryMb: 256,
  triggers: [{ kind: 'authorizer' }],
  access: {
    table: ['dynamodb:GetItem'],
    sendTo: [],
    inspect: [],
    sendEmail: false,
    // The key item; and its owner's profile, read only for a key without the `revokedWithOwner` mark (issued
    // before the owner register, packages/aws/src/api-key-store.ts): nothing else is read to authorize a request.
    readKeys: [k.apiKey, k.staff, k.expert, k.platform, k.fundManager, k.commissioner, k.partner],
  },
};

const meta = apiFunction({
  name: 'meta',
  description: 'Health and the OpenAPI description',
  entry: 'services/meta/handler.ts',
  operations: operationsByFunction.meta,
  table: ['dynamodb:DescribeTable'],
  inspect: ['*'],
});

const keys = apiFunction({
  name: 'keys',
  description: 'Staff issue, list and revoke API keys',
  entry: 'services/keys/handler.ts',
  operations: operationsByFunction.keys,
  table: [...readProjects, ...transactWrite, ...idempotency],
  // The key items, and each key's history (subject kind `apikey`): its events' one row each. The owner's key
  // register on a (non-staff) profile: `ADD apiKeys` in the key's transaction (packages/aws/src/api-key-store.ts).
  writeKeys: [k.apiKey, k.expert, k.platform, k.fundManager, k.commissioner, k.partner],
});

const intake = apiFunction({
  name: 'intake',
  description: 'Nominations, projects, commissioners and milestones',
  entry: 'services/intake/handler.ts',
  operations: operationsByFunction.intake,
  table: [...readProjects, ...transactWrite, ...idempotency],
  memoryMb: 512,
  // The project aggregate (project, recommendations, history), its uniqueness key, nominations, enterprises,
  // the commissioners' open-project counters (`COMMISSIONER#<id>`); events are history rows under `PROJECT#`.
  writeKeys: [k.project, k.projectKey, k.nomination, k.enterprise, k.commissioner],
});

/** The notification and digest functions: profiles, projects, mail claims and digest entries; SES. */
const mailFunctionAccess: FunctionSpec['access'] = {
  table: unique([...readProjects, ...transactWrite, 'dynamodb:DeleteItem']),
  sendTo: [],
  inspect: [],
  sendEmail: true,
};
/**
 * Neither mail function paces itself to the SES quota by sleeping (billed): notification is paced by its
 * mapping (batch size × maximum concurrency bound the sends in flight) and SES's throttling answers, which send
 * a record back with the consumer's backoff; the digest sends one email after another (issue 13).
 */

const notification: FunctionSpec = {
  name: 'notification',
  description: 'Emails the right people once per event and recipient',
  entry: 'services/notification/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 512,
  triggers: [
    { kind: 'queue', queue: 'notification', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 2 },
  ],
  // Mail claims and digest entries; notification.failed/skipped and event.rejected, with a history row under
  // the subject of the event they are about (the subjects of the events routed to it: projects, subsidy claims,
  // the system, a consumer), and the messages it refuses for good.
  access: {
    ...mailFunctionAccess,
    writeKeys: [
      k.mailClaim,
      k.digest,
      k.rejected,
      k.project,
      k.subsidyClaim,
      k.systemHistory,
      k.consumerHistory,
    ],
  },
};

const preferences = apiFunction({
  name: 'preferences',
  description: 'Staff choose per event type: one email each or the daily digest',
  entry: 'services/preferences/handler.ts',
  operations: operationsByFunction.preferences,
  table: ['dynamodb:BatchGetItem', ...idempotency],
  // `STAFF#<id>` / `NOTIFYPREFS`, next to the staff member's profile.
  writeKeys: [k.staff],
});

const digest: FunctionSpec = {
  name: 'digest',
  description: 'Daily digest of the events staff chose not to get one by one',
  entry: 'services/notification/digest-handler.ts',
  timeoutSeconds: 60,
  memoryMb: 512,
  triggers: [{ kind: 'schedule', name: 'daily-digest', cron: '30 8 * * ? *', timeZone: 'Asia/Shanghai' }],
  // The digest's mail claim, and removing the entries it sent.
  access: { ...mailFunctionAccess, writeKeys: [k.mailClaim, k.digest] },
};

/**
 * Fires one-shot deadlines (an offer's expiry, a review's due date) once they are due: every minute it reads
 * the pending ones due by the schedule's time from gsi2 and fires each in a conditional transaction with its
 * event. Table access is exactly that: query the index, read the deadlines it lists (BatchGetItem: the index
 * holds keys only), update the deadline, put the event's history row.
 */
const deadlines: FunctionSpec = {
  name: 'deadlines',
  description: 'Fires due deadlines once, each with its event, every minute',
  entry: 'services/deadlines/handler.ts',
  timeoutSeconds: 60,
  memoryMb: 256,
  triggers: [{ kind: 'schedule', name: 'deadline-sweep', cron: '* * * * ? *', timeZone: 'UTC' }],
  access: {
    table: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    sendTo: [],
    inspect: [],
    sendEmail: false,
    // The deadline, and deadline.fired's history row (its one row) under its subject. Deadlines are set on
    // projects today; a capability that sets one on another subject adds that subject's prefix here.
    writeKeys: [k.deadline, k.project],
  },
};

/**
 * Dated, versioned parameters: reads its sets' versions (Query), publishes one with its event (a transaction
 * of puts: the version and the event's history row), and keeps idempotency records.
 */
const parameters = apiFunction({
  name: 'parameters',
  description: 'Staff read and publish dated versions of the evaluation, matching and subsidy parameters',
  entry: 'services/parameters/handler.ts',
  operations: operationsByFunction.parameters,
  table: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', ...idempotency],
  // A set's versions and parameters.published's history row (subject kind `parameter_set`).
  writeKeys: [k.parameters, k.parameterSetHistory],
});

/**
 * §一 progress: the consumer counts what lifecycle events contribute to the programme's targets (once each: a
 * conditional put per counted thing, plus the inbox); staff read it over the API.
 */
const targets: FunctionSpec = {
  name: 'targets',
  description: 'Counts what lifecycle events contribute to the programme targets (§一), once each',
  entry: 'services/targets/handler.ts',
  timeoutSeconds: 10,
  memoryMb: 256,
  triggers: [
    { kind: 'queue', queue: 'targets', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 2 },
  ],
  // Its counted items (Put); the shared inbox and rejected-message records (Get, Put, Update, Delete).
  access: {
    table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    sendTo: [],
    inspect: [],
    sendEmail: false,
    // Its counted items, its inbox, and a refused message with event.rejected's history row (under
    // the refused event's subject: the project, or the consumer when the message is no event at all).
    writeKeys: [k.target, k.inbox, k.rejected, k.project, k.consumerHistory],
  },
};

const targetsApi = apiFunction({
  name: 'targets-api',
  description: 'Staff read progress towards the programme targets (§一)',
  entry: 'services/targets/api-handler.ts',
  operations: operationsByFunction['targets-api'],
  table: ['dynamodb:Query', 'dynamodb:BatchGetItem'],
});

// Event type → queues: `eventRouting` in event-routing.ts (a module of its own, so the relay bundles no contract).

/**
 * Matching's consumer (issue 10): offers qualified projects to platforms, expires unanswered offers and offers
 * the next platform. One transaction per decision with its inbox row and its events' history rows.
 */
const matching: FunctionSpec = {
  name: 'matching',
  description:
    'Offers qualified projects to platforms by stage, field, district and capacity; expires offers',
  entry: 'services/matching/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 512,
  triggers: [
    { kind: 'queue', queue: 'matching', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 2 },
  ],
  access: {
    table: unique([...readProjects, ...transactWrite]),
    sendTo: [],
    inspect: [],
    sendEmail: false,
    // Offers next to their project (PROJECT#), each platform's open-offer counter (PLATFORM#), respond-by
    // deadlines, its events, the inbox and its rejected messages.
    writeKeys: [k.project, k.platform, k.deadline, k.inbox, k.rejected, k.consumerHistory],
  },
};

/**
 * §二(四) evaluation's consumer: assigns panels, replaces overdue and withdrawn reviews, decides once the
 * reviews are in. Reads projects, profiles, parameters and its own items; one transaction per decision (puts,
 * updates, condition checks) with its inbox row and its events' history rows.
 */
const evaluation: FunctionSpec = {
  name: 'evaluation',
  description: 'Assigns experts to projects under review, replaces overdue reviews, decides the outcome',
  entry: 'services/evaluation/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 512,
  triggers: [
    { kind: 'queue', queue: 'evaluation', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 2 },
  ],
  access: {
    table: unique([...readProjects, ...transactWrite, 'dynamodb:DeleteItem']),
    sendTo: [],
    inspect: [],
    sendEmail: false,
    // Its evaluation record, reviews and the project's move (PROJECT#), each expert's open-review counter
    // (EXPERT#), review deadlines, its events, the inbox and its rejected messages.
    writeKeys: [k.project, k.expert, k.deadline, k.inbox, k.rejected, k.consumerHistory],
  },
};

/** §二(四) evaluation's API: experts' reviews and their list, staff's consensus decision, the record. */
const evaluationApi = apiFunction({
  name: 'evaluation-api',
  description: 'Experts submit, revise and decline reviews; staff decide by consensus; the evaluation record',
  entry: 'services/evaluation/api.ts',
  operations: operationsByFunction['evaluation-api'],
  table: [...readProjects, ...transactWrite, ...idempotency],
  // Reviews, the record and the project's move; experts' counters; cancelled review deadlines; its events.
  writeKeys: [k.project, k.expert, k.deadline],
});

/** Matching's API (issue 10 point 4): the offered platform decides; staff release a match; both list offers. */
const matchingApi = apiFunction({
  name: 'matching-api',
  description:
    'Platforms decide on the projects offered to them; staff release matches and read offers with reasons',
  entry: 'services/matching/api.ts',
  operations: operationsByFunction['matching-api'],
  table: [...readProjects, ...transactWrite, ...idempotency],
  // The offer and the project's move (PROJECT#), the platform's open-offer counter, the cancelled respond-by
  // deadline, its events.
  writeKeys: [k.project, k.platform, k.deadline],
});

/**
 * Subsidy claims' consumer (issue 11 point 4): assesses each filed claim with the rules in force on its date and
 * reserves the award against every cap it touches, in one transaction with the claim's result, its inbox row and
 * its events' history rows. Reads projects, enterprises, parameters and its own claims and caps.
 */
const subsidy: FunctionSpec = {
  name: 'subsidy',
  description: 'Assesses subsidy claims by the rules in force and reserves awards against their caps',
  entry: 'services/subsidy/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 512,
  triggers: [
    { kind: 'queue', queue: 'subsidy', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 2 },
  ],
  access: {
    table: unique([...readProjects, ...transactWrite]),
    sendTo: [],
    inspect: [],
    sendEmail: false,
    // The claim's result and history (SUBSIDY_CLAIM#), the caps' usage (SUBSIDY_CAP#), its events, the inbox,
    // and a refused message with event.rejected's history row (under the claim, or the consumer).
    writeKeys: [k.subsidyClaim, k.subsidyCap, k.inbox, k.rejected, k.consumerHistory],
  },
};

/** Subsidy's API: claims filed, read and decided (a rejection releases the caps), rules in force, headroom. */
const subsidyApi = apiFunction({
  name: 'subsidy-api',
  description: 'Fund managers and staff file subsidy claims; staff decide them; rules in force; cap headroom',
  entry: 'services/subsidy/api.ts',
  operations: operationsByFunction['subsidy-api'],
  table: [...readProjects, ...transactWrite, ...idempotency],
  // Claims and their history, the caps a rejection releases, its events.
  writeKeys: [k.subsidyClaim, k.subsidyCap],
});

const relay: FunctionSpec = {
  name: 'relay',
  description: 'Delivers outbox events from the table stream to the queues their type routes to',
  entry: 'services/relay/handler.ts',
  timeoutSeconds: 30,
  memoryMb: 256,
  triggers: [{ kind: 'stream', batchSize: 100, maxBatchingWindowSeconds: 0, retryAttempts: 10 }],
  access: {
    table: [],
    // Exactly the queues the routing can reach, plus where undeliverable events are parked.
    sendTo: unique([...routingTargets(eventRouting), RELAY_UNDELIVERABLE_QUEUE]),
    inspect: [],
    sendEmail: false,
  },
};

/**
 * Events the relay could not deliver, each wrapped with the reason. People read it (the operations alarm fires
 * on its first message) and redrive; it keeps messages as long as SQS allows, its DLQ catches a message that a
 * redrive tool received five times without deleting it.
 */
const relayUndeliverableQueue: QueueSpec = {
  name: RELAY_UNDELIVERABLE_QUEUE,
  consumer: STAFF_CONSUMER,
  visibilityTimeoutSeconds: 300,
  retentionDays: 13,
  maxReceiveCount: 5,
  dlqRetentionDays: 14,
};

/**
 * Profiles: reads and listings (Get, Query), one transaction per change (Put, Update; Delete frees a natural
 * key on deactivation), and its idempotency records (Get, Put, Update, Delete).
 */
const profiles = apiFunction({
  name: 'profiles',
  description:
    'Staff create, change and deactivate experts, platforms, fund managers, commissioners, partners',
  entry: 'services/profiles/handler.ts',
  operations: operationsByFunction.profiles,
  table: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  // The managed roles' profiles and histories (never `STAFF#`: staff are made by the admin bootstrap), their
  // natural keys, the key issued with a profile and the keys revoked with it; events are history rows under those.
  writeKeys: [k.expert, k.platform, k.fundManager, k.commissioner, k.partner, k.profileKey, k.apiKey],
});

const functions = [
  authorizer,
  meta,
  keys,
  intake,
  relay,
  notification,
  digest,
  preferences,
  deadlines,
  profiles,
  parameters,
  targets,
  targetsApi,
  evaluation,
  evaluationApi,
  matching,
  matchingApi,
  subsidy,
  subsidyApi,
] as const;

/**
 * What each GSI copies besides keys (issue 13): only the attributes a listing filters on in the index itself
 * (test/unit/infra/gsi-projections.test.ts checks every listing's filter against this). Readers hydrate the
 * items from the table. They are small, so an index copy stays under 1 KB (1 WRU), and none of the attributes a
 * hot path updates alone (a commissioner's `openProjects`, a project's `recommendationCount`) is projected, so
 * those updates write no index. `state` and `status` are, so a change of them also rewrites the item's (small)
 * copies: the price of filtering offers and claims by them without reading every candidate from the table.
 */
const gsiProjections = {
  // Projects (all): stage, tech field. A platform's offers: state, kind. A fund manager's claims: status, type.
  gsi1: {
    type: 'INCLUDE',
    nonKeyAttributes: ['stage', 'techField', 'state', 'kind', 'status', 'subsidyType'],
  },
  // Projects by status: district, stage, tech field. Every offer: state, kind. Every claim: status, type.
  gsi2: {
    type: 'INCLUDE',
    nonKeyAttributes: ['district', 'stage', 'techField', 'state', 'kind', 'status', 'subsidyType'],
  },
  // Projects by district: stage, tech field.
  gsi3: { type: 'INCLUDE', nonKeyAttributes: ['stage', 'techField'] },
} as const satisfies Record<string, GsiProjection>;

export const topology: Topology = {
  service: 'wuhan-disruptive-tech',
  table: {
    name: 'main',
    partitionKey: 'pk',
    sortKey: 'sk',
    gsis: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: gsiProjections.gsi1 },
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: gsiProjections.gsi2 },
      { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: gsiProjections.gsi3 },
    ],
    ttlAttribute: 'expiresAt',
    stream: 'NEW_AND_OLD_IMAGES',
  },
  queues: [
    queueFor('notification', notification, 1, NOTIFICATION_MAX_RECEIVE_COUNT),
    queueFor('targets', targets, 1),
    queueFor('evaluation', evaluation, 1),
    queueFor('matching', matching, 1),
    ...platforms.map((p) => platformQueue(p.platformId)),
    queueFor('subsidy', subsidy, 1),
    relayUndeliverableQueue,
  ],
  functions,
  eventRouting,
  platforms,
  api: {
    throttle: { rateLimit: 50, burstLimit: 100 },
    // A budget of its own, as large as the keyed one: a keyless flood stops here, never at the partners.
    anonymousThrottle: { rateLimit: 50, burstLimit: 100 },
  },
};

export function functionSpec(name: string): FunctionSpec {
  const found = topology.functions.find((f) => f.name === name);
  if (!found) throw new Error(`No function named ${name} in the topology`);
  return found;
}

export function queueSpec(name: string): QueueSpec {
  const found = topology.queues.find((q) => q.name === name);
  if (!found) throw new Error(`No queue named ${name} in the topology`);
  return found;
}

/** Every HTTP route with the function that serves it. */
export function allRoutes(): { fn: FunctionSpec; route: RouteSpec }[] {
  return topology.functions.flatMap((fn) =>
    fn.triggers.flatMap((t) => (t.kind === 'http' ? t.routes.map((route) => ({ fn, route })) : [])),
  );
}
