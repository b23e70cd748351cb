import {
  type FunctionSpec,
  isFieldRoute,
  type QueueSpec,
  RELAY_UNDELIVERABLE_QUEUE,
  routeTargets,
  routingTargets,
  STAFF_CONSUMER,
  type TableAction,
  type Topology,
} from '@wuhan/topology';
import {
  functionSettingProblems,
  queueSettingProblems,
  throwIfProblems,
  visibilityProblem,
} from './constructs/rules.js';

/** `sendTo: ['platform:*']` stands for every platform queue, i.e. every queue a partner system polls. */
export const ALL_PLATFORM_QUEUES = 'platform:*';
/** `inspect: ['*']` stands for every queue of the topology. */
export const ALL_QUEUES = '*';

/** The queues a function's `sendTo` names, with `platform:*` expanded. */
export function sendTargets(topology: Topology, fn: FunctionSpec): QueueSpec[] {
  return resolveQueues(topology, fn.access.sendTo, (name) =>
    name === ALL_PLATFORM_QUEUES ? topology.queues.filter((q) => q.consumer === 'external') : undefined,
  );
}

/** The queues a function's `inspect` names, with `*` expanded. */
export function inspectTargets(topology: Topology, fn: FunctionSpec): QueueSpec[] {
  return resolveQueues(topology, fn.access.inspect, (name) =>
    name === ALL_QUEUES ? [...topology.queues] : undefined,
  );
}

function resolveQueues(
  topology: Topology,
  names: readonly string[],
  wildcard: (name: string) => QueueSpec[] | undefined,
): QueueSpec[] {
  const found = new Map<string, QueueSpec>();
  for (const name of names) {
    const queues = wildcard(name) ?? topology.queues.filter((q) => q.name === name);
    for (const q of queues) found.set(q.name, q);
  }
  return [...found.values()];
}

/** The actions that change items; each is allowed only on the partition keys the function owns. */
export const TABLE_WRITE_ACTIONS: readonly TableAction[] = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];
export const isTableWrite = (action: TableAction): boolean => TABLE_WRITE_ACTIONS.includes(action);

/** A partition-key prefix as IAM's StringLike sees it: literal text ending in `#`, no wildcard of its own. */
const prefixShape = /^[A-Z][A-Z0-9_]*#$/;

/**
 * A writer must say which partition keys it owns (its write statement carries them as `dynamodb:LeadingKeys`);
 * a function that writes nothing declares none, so a write action can never arrive without its condition.
 */
export function tableKeyProblems(fn: FunctionSpec): string[] {
  const problems: string[] = [];
  const writes = fn.access.table.some(isTableWrite);
  const { writeKeys, readKeys } = fn.access;
  if (writes && (writeKeys ?? []).length === 0)
    problems.push(`function ${fn.name}: writes the table but declares no writeKeys (partition-key prefixes)`);
  if (!writes && writeKeys !== undefined)
    problems.push(`function ${fn.name}: declares writeKeys but no write action on the table`);
  if (readKeys !== undefined && readKeys.length === 0)
    problems.push(`function ${fn.name}: readKeys is empty; omit it to leave reads unlimited`);
  // A Query may read the GSIs (the read statement covers `index/*`), which project keys only: the reader then
  // reads the items from the table with BatchGetItem (packages/aws/src/query.ts). Granting it reveals nothing
  // a Query of the table would not.
  if (fn.access.table.includes('dynamodb:Query') && !fn.access.table.includes('dynamodb:BatchGetItem'))
    problems.push(
      `function ${fn.name}: may Query (the GSIs project keys only) but not BatchGetItem to read the items`,
    );
  for (const prefix of [...(writeKeys ?? []), ...(readKeys ?? [])]) {
    if (!prefixShape.test(prefix))
      problems.push(`function ${fn.name}: key prefix "${prefix}" must be upper-case letters ending in #`);
  }
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface TopologyCheckOptions {
  /** Whether a function's entry file exists; omit to skip the check (e.g. for a pure unit test). */
  entryExists?: (entry: string) => boolean;
}

/**
 * Every problem that would make the topology undeployable or unsafe, as sentences. The checks here are the ones
 * a single construct cannot see: references between queues, functions, routes and the event routing.
 */
export function topologyProblems(topology: Topology, options: TopologyCheckOptions = {}): string[] {
  const problems: string[] = [];
  const queueNames = new Set(topology.queues.map((q) => q.name));
  const duplicate = (names: readonly string[]) => names.filter((n, i) => names.indexOf(n) !== i);

  for (const name of duplicate(topology.functions.map((f) => f.name)))
    problems.push(`function ${name} is declared twice`);
  for (const name of duplicate(topology.queues.map((q) => q.name)))
    problems.push(`queue ${name} is declared twice`);

  for (const queue of topology.queues) {
    problems.push(...queueSettingProblems(queue));
    // Nobody's function: a partner system polls it, or people read it.
    if (queue.consumer === 'external' || queue.consumer === STAFF_CONSUMER) continue;
    const consumer = topology.functions.find((f) => f.name === queue.consumer);
    if (!consumer) {
      problems.push(`queue ${queue.name}: consumer ${queue.consumer} is not a function of the topology`);
      continue;
    }
    const trigger = consumer.triggers.find((t) => t.kind === 'queue' && t.queue === queue.name);
    if (trigger?.kind !== 'queue') {
      problems.push(`queue ${queue.name}: its consumer ${consumer.name} has no queue trigger for it`);
      continue;
    }
    const visibility = visibilityProblem(queue, {
      functionName: consumer.name,
      timeoutSeconds: consumer.timeoutSeconds,
      maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds,
    });
    if (visibility) problems.push(visibility);
  }

  const routeKeys: string[] = [];
  for (const fn of topology.functions) {
    problems.push(...functionSettingProblems(fn));
    problems.push(...tableKeyProblems(fn));
    if (options.entryExists && !options.entryExists(fn.entry)) {
      problems.push(`function ${fn.name}: entry ${fn.entry} does not exist (it must export \`handler\`)`);
    }
    for (const name of [...fn.access.sendTo, ...fn.access.inspect]) {
      if (name !== ALL_PLATFORM_QUEUES && name !== ALL_QUEUES && !queueNames.has(name)) {
        problems.push(`function ${fn.name}: access names queue ${name}, which is not in the topology`);
      }
    }
    for (const trigger of fn.triggers) {
      if (trigger.kind === 'http') routeKeys.push(...trigger.routes.map((r) => `${r.method} ${r.path}`));
      if (trigger.kind === 'queue') {
        const queue = topology.queues.find((q) => q.name === trigger.queue);
        if (!queue)
          problems.push(
            `function ${fn.name}: triggered by queue ${trigger.queue}, which is not in the topology`,
          );
        else if (queue.consumer !== fn.name) {
          problems.push(
            `function ${fn.name}: triggered by queue ${queue.name}, whose consumer is ${queue.consumer}`,
          );
        }
        if (!(trigger.maxConcurrency >= 2 && trigger.maxConcurrency <= 1000)) {
          problems.push(
            `function ${fn.name}: maxConcurrency is ${trigger.maxConcurrency}, Lambda allows 2 to 1000`,
          );
        }
        if (trigger.batchSize > 10 && trigger.maxBatchingWindowSeconds < 1) {
          problems.push(`function ${fn.name}: a batch size above 10 needs a batching window of at least 1 s`);
        }
      }
      if (trigger.kind === 'schedule') {
        if (!isTimeZone(trigger.timeZone))
          problems.push(`schedule ${trigger.name}: unknown time zone ${trigger.timeZone}`);
        if (trigger.cron.trim().split(/\s+/).length !== 6) {
          problems.push(
            `schedule ${trigger.name}: cron "${trigger.cron}" must have six fields (EventBridge Scheduler)`,
          );
        }
      }
    }
  }
  for (const key of duplicate(routeKeys)) problems.push(`route ${key} is served by more than one function`);

  const authorizers = topology.functions.filter((f) => f.triggers.some((t) => t.kind === 'authorizer'));
  if (authorizers.length > 1)
    problems.push(`more than one authorizer: ${authorizers.map((f) => f.name).join(', ')}`);
  const keyRoutes =
    routeKeys.length > 0 &&
    topology.functions.some((f) =>
      f.triggers.some((t) => t.kind === 'http' && t.routes.some((r) => r.auth === 'key')),
    );
  if (keyRoutes && authorizers.length === 0)
    problems.push('routes with auth "key" need a function with an authorizer trigger');

  const streamConsumers = topology.functions.filter((f) => f.triggers.some((t) => t.kind === 'stream'));
  const relayTargets = new Set(streamConsumers.flatMap((f) => sendTargets(topology, f).map((q) => q.name)));
  for (const [eventType, routes] of Object.entries(topology.eventRouting)) {
    for (const route of routes.filter(isFieldRoute)) {
      if (route.byField.trim() === '') problems.push(`event ${eventType}: a field route names no field`);
      if (Object.keys(route.targets).length === 0)
        problems.push(`event ${eventType}: the route by ${route.byField} has no targets`);
    }
    for (const name of routes.flatMap(routeTargets)) {
      if (!queueNames.has(name))
        problems.push(`event ${eventType} routes to queue ${name}, which is not in the topology`);
      else if (!relayTargets.has(name))
        problems.push(`event ${eventType} routes to queue ${name}, which no stream consumer may send to`);
    }
  }
  // The relay's grants are exact: every queue the routing reaches, where it parks what it cannot deliver, and
  // nothing else, so no message can reach a queue the routing does not name.
  const routed = new Set([...routingTargets(topology.eventRouting), RELAY_UNDELIVERABLE_QUEUE]);
  for (const consumer of streamConsumers) {
    for (const queue of sendTargets(topology, consumer)) {
      if (!routed.has(queue.name))
        problems.push(`function ${consumer.name}: may send to queue ${queue.name}, which no event routes to`);
    }
    if (!consumer.access.sendTo.includes(RELAY_UNDELIVERABLE_QUEUE))
      problems.push(
        `function ${consumer.name}: must be able to send to ${RELAY_UNDELIVERABLE_QUEUE}, where undeliverable events are parked`,
      );
  }
  return problems;
}

/** Throws an `InfraConfigError` listing every problem; synthesis stops before any resource is made. */
export function assertDeployable(topology: Topology, options?: TopologyCheckOptions): void {
  throwIfProblems(
    topologyProblems(topology, options),
    `The topology of ${topology.service} cannot be deployed`,
  );
}
