import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  outboxStreamFilter,
  platformQueueName,
  topology as productTopology,
  STAFF_CONSUMER,
  type Topology,
} from '@wuhan/topology';
import { writeApiDocuments } from '../../../scripts/api-documents.js';
import { ApiGateway } from './api-gateway.js';
import { controlHandler } from './control.js';
import { DlqMonitor } from './dlq-monitor.js';
import { type RunningEmulator, startDynamoDb, startSes, startSqs } from './emulators.js';
import { handlerEnvironment, localCredentials } from './environment.js';
import { SqsEventSource } from './event-source-sqs.js';
import { StreamEventSource } from './event-source-stream.js';
import { type FaultInjection, FaultInjector } from './faults.js';
import { type HandlerSource, LocalFunction } from './lambda-runtime.js';
import { defaultPorts, type Ports } from './ports.js';
import { ensureQueue, ensureTable, type ProvisionedQueue } from './provision.js';
import { compileRoutes } from './routes.js';
import { Scheduler } from './scheduler.js';
import { seed } from './seed.js';
import { FileStreamPositions } from './stream-positions.js';
import { ApiThrottle } from './throttle.js';
import type { Credentials, StackInfo } from './types.js';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface LocalStackOptions {
  /** The system to run; defaults to the product's topology. Tests pass a small one of their own. */
  topology?: Topology;
  /** Function name → code, instead of the function's `entry` (tests: fixtures, fakes). */
  handlers?: Readonly<Record<string, HandlerSource>>;
  /** Ports; 0 picks a free one. Defaults: API 4000, DynamoDB 8000, SQS 4566, SES 8005. */
  ports?: Partial<Ports>;
  /** Where DynamoDB and SQS keep their data (`.local`); without it everything lives in memory. */
  dataDir?: string;
  /**
   * Use already-running emulators (another stack's) instead of starting new ones; those not given are started
   * (e.g. only `sesEndpoint`: a test that restarts the stack keeps one inbox across the restarts).
   */
  emulators?: { dynamodbEndpoint?: string; sqsEndpoint?: string; sesEndpoint?: string };
  /** Prefix of the table and queue names, so two stacks can share emulators. Default: the service name. */
  namePrefix?: string;
  /** Seed the demo people and their keys (default true); `credentialsFile` keeps the keys across restarts. */
  seed?: boolean;
  credentialsFile?: string;
  /** Write `stack.json` and `credentials.json` here (`npm start`: `.local`). */
  stateDir?: string;
  /** API throttling: the topology's by default; `false` turns it off (benchmarks that measure the pipeline). */
  throttle?: false | { rateLimit: number; burstLimit: number };
  /**
   * The budget of requests without a valid key (api-gateway.ts): the topology's by default; `false` turns it off.
   */
  anonymousThrottle?: false | { rateLimit: number; burstLimit: number };
  /** Run schedules on their cron (default true); the control endpoint can run them either way. */
  runSchedules?: boolean;
  /** Report DLQ depth changes through `log` (npm start). */
  watchDlqs?: boolean;
  region?: string;
  log?: (line: string) => void;
  /**
   * Reliability tests only: fail a share of every queue and stream consumer's first attempts, before the
   * handler or after it committed (faults.ts). Local only, never part of a deployed function; `npm start` and
   * the integration tests run without it.
   */
  faults?: FaultInjection;
}

export interface LocalStack {
  info: StackInfo;
  credentials: Credentials;
  /** The environment the functions run with (also in process.env of this process). */
  environment: Record<string, string>;
  /** Milliseconds from the call to the API answering. */
  startupMs: number;
  /** Runs a schedule once, as if it fired at `at` (default: now). */
  runSchedule(name: string, at?: Date): Promise<unknown>;
  /**
   * Stops one of the emulators this stack started and starts it again on the same port and data, after
   * `downMs` (reliability tests: functions and pollers must ride it out). Needs `dataDir` for DynamoDB and SQS.
   */
  restartEmulator(name: 'dynamodb' | 'sqs' | 'ses', downMs?: number): Promise<void>;
  /** The injected faults, when the stack was started with `faults` (what was injected, per function). */
  faults?: FaultInjector;
  stop(): Promise<void>;
}

type EmulatorName = 'dynamodb' | 'sqs' | 'ses';

async function startEmulators(options: LocalStackOptions, ports: Ports) {
  const given = options.emulators ?? {};
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const none = async (endpoint: string): Promise<RunningEmulator> => ({ endpoint, stop: async () => {} });
  const starters: Record<EmulatorName, ((port: number) => Promise<RunningEmulator>) | undefined> = {
    dynamodb:
      given.dynamodbEndpoint !== undefined
        ? undefined
        : (port) => startDynamoDb({ port, ...(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}) }),
    sqs:
      given.sqsEndpoint !== undefined
        ? undefined
        : (port) => startSqs({ port, ...(dataDir ? { dataDir: join(dataDir, 'sqs') } : {}) }),
    ses: given.sesEndpoint !== undefined ? undefined : (port) => startSes({ port }),
  };
  const started = await Promise.allSettled([
    starters.dynamodb?.(ports.dynamodb) ?? none(given.dynamodbEndpoint ?? ''),
    starters.sqs?.(ports.sqs) ?? none(given.sqsEndpoint ?? ''),
    starters.ses?.(ports.ses) ?? none(given.sesEndpoint ?? ''),
  ]);
  const stops = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = started.find((r) => r.status === 'rejected');
  if (failure) {
    // The ones that did start must not outlive the failed start (a JVM holding a port and the data files).
    await Promise.all(stops.map((e) => e.stop().catch(() => undefined)));
    const error = failure.reason as Error;
    throw new Error(
      `Starting the emulators failed (ports: LOCAL_DYNAMODB_PORT, LOCAL_SQS_PORT, LOCAL_SES_PORT): ${error.message}`,
      { cause: error },
    );
  }
  const [dynamodb, sqs, ses] = stops as [RunningEmulator, RunningEmulator, RunningEmulator];
  const running: Record<EmulatorName, RunningEmulator> = { dynamodb, sqs, ses };
  return {
    dynamodbEndpoint: dynamodb.endpoint,
    sqsEndpoint: sqs.endpoint,
    sesEndpoint: ses.endpoint,
    stopAll: () => Promise.all(Object.values(running).map((e) => e.stop().catch(() => undefined))),
    /**
     * Stops one emulator this stack started and starts it again on the same port over the same data (a test
     * of what the functions and pollers do while it is gone). Only with a data directory: in memory, a restart
     * would be a new, empty emulator rather than the same one coming back.
     */
    restart: async (name: EmulatorName, downMs = 0): Promise<void> => {
      const start = starters[name];
      if (!start) throw new Error(`The ${name} emulator was given to this stack; it cannot restart it`);
      if (!dataDir && name !== 'ses')
        throw new Error(
          `Restarting ${name} needs a data directory (dataDir): in memory its data would be lost`,
        );
      const port = Number(new URL(running[name].endpoint).port);
      await running[name].stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      running[name] = await start(port);
    },
  };
}

/**
 * The whole system on one machine: emulators, the table and queues from the topology, API Gateway in front
 * of the functions, the SQS and stream event-source mappings and the schedules, all running the same handler
 * code with the real SDK clients pointed at the emulators.
 */
const META_ENTRY = 'services/meta/handler.ts';

/**
 * The meta function serves documents generated from the contract at build time (scripts/api-documents.ts):
 * regenerate them before any handler loads, so a contract changed since the last build is what the local API
 * serves and what the integration tests check every answer against.
 */
function regenerateApiDocuments(topology: Topology, options: LocalStackOptions, log: (line: string) => void) {
  const meta = topology.functions.find((f) => f.entry === META_ENTRY);
  if (meta === undefined || options.handlers?.[meta.name] !== undefined) return;
  if (writeApiDocuments(repositoryRoot) === 'written')
    log('Regenerated services/meta/api-documents.generated.ts from the contract');
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const started = Date.now();
  const topology = options.topology ?? productTopology;
  const region = options.region ?? 'us-east-1';
  const log = options.log ?? ((line: string) => console.error(`[local-stack] ${line}`));
  const ports: Ports = { ...defaultPorts, ...options.ports };
  const prefix = options.namePrefix ?? topology.service;
  regenerateApiDocuments(topology, options, log);

  const emulators = await startEmulators(options, ports);
  const stopEmulators = () => emulators.stopAll();
  try {
    const clientConfig = { region, credentials: localCredentials };
    const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: emulators.dynamodbEndpoint });
    const streams = new DynamoDBStreamsClient({ ...clientConfig, endpoint: emulators.dynamodbEndpoint });
    const sqs = new SQSClient({ ...clientConfig, endpoint: emulators.sqsEndpoint });

    const tableName = `${prefix}-${topology.table.name}`;
    const [streamArn, provisioned] = await Promise.all([
      ensureTable(dynamodb, topology.table, tableName),
      Promise.all(
        topology.queues.map((q) => ensureQueue(sqs, emulators.sqsEndpoint, q, `${prefix}-${q.name}`)),
      ),
    ]);
    const queues = new Map<string, ProvisionedQueue>(provisioned.map((q) => [q.name, q]));
    const byName = (pick: (q: ProvisionedQueue) => string) =>
      Object.fromEntries(provisioned.map((q) => [q.name, pick(q)]));

    // The API's address is needed in the functions' environment (links in email), so bind it first.
    const apiPort = ports.api;
    const environment = handlerEnvironment({
      region,
      tableName,
      queueUrls: byName((q) => q.url),
      dynamodbEndpoint: emulators.dynamodbEndpoint,
      sqsEndpoint: emulators.sqsEndpoint,
      sesEndpoint: emulators.sesEndpoint,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      functionEnvironments: topology.functions.map((f) => f.environment),
    });

    const functions = new Map(
      topology.functions.map((spec) => [
        spec.name,
        new LocalFunction(spec, options.handlers?.[spec.name] ?? spec.entry, repositoryRoot, region),
      ]),
    );
    const authorizerSpec = topology.functions.find((f) => f.triggers.some((t) => t.kind === 'authorizer'));
    const scheduler = new Scheduler(
      topology.functions.flatMap((spec) =>
        spec.triggers.flatMap((t) =>
          t.kind === 'schedule'
            ? [
                {
                  name: t.name,
                  cron: t.cron,
                  timeZone: t.timeZone,
                  fn: functions.get(spec.name) as LocalFunction,
                },
              ]
            : [],
        ),
      ),
      region,
      log,
    );
    const dlqs = byName((q) => q.dlqUrl);
    const throttle = new ApiThrottle({
      keyed: options.throttle === false ? undefined : (options.throttle ?? topology.api.throttle),
      anonymous:
        options.anonymousThrottle === false
          ? undefined
          : (options.anonymousThrottle ?? topology.api.anonymousThrottle),
    });
    const api = new ApiGateway({
      port: apiPort,
      region,
      routes: compileRoutes(topology),
      functions,
      authorizer: authorizerSpec ? functions.get(authorizerSpec.name) : undefined,
      throttle,
      control: controlHandler({ scheduler, sqs, dlqs }),
      log,
    });
    const apiUrl = await api.listen().catch((error: unknown) => {
      throw new Error(
        `The API could not listen on port ${apiPort} (LOCAL_API_PORT): ${(error as Error).message}`,
      );
    });
    environment.API_BASE_URL = apiUrl;
    // Before any handler module is imported: the shared SDK clients and the config read it at first use.
    Object.assign(process.env, environment);

    const { credentials } =
      options.seed === false
        ? { credentials: { keys: [] } }
        : await seed({
            dynamodb,
            tableName,
            platforms: topology.platforms,
            ...(options.credentialsFile ? { credentialsFile: options.credentialsFile } : {}),
          });

    const faults = options.faults ? new FaultInjector(options.faults) : undefined;
    const sqsSources = topology.functions.flatMap((spec) =>
      spec.triggers.flatMap((t) => {
        if (t.kind !== 'queue') return [];
        const queue = queues.get(t.queue);
        if (!queue)
          throw new Error(`Function ${spec.name} consumes ${t.queue}, which is not in the topology's queues`);
        return [
          new SqsEventSource({
            sqs,
            queueUrl: queue.url,
            queueArn: queue.arn,
            region,
            batchSize: t.batchSize,
            maxConcurrency: t.maxConcurrency,
            fn: functions.get(spec.name) as LocalFunction,
            log,
            ...(faults ? { faults } : {}),
          }),
        ];
      }),
    );
    const streamSources = topology.functions.flatMap((spec) =>
      spec.triggers.flatMap((t) =>
        t.kind === 'stream'
          ? [
              new StreamEventSource({
                streams,
                streamArn,
                region,
                batchSize: t.batchSize,
                retryAttempts: t.retryAttempts,
                filter: outboxStreamFilter,
                fn: functions.get(spec.name) as LocalFunction,
                log,
                ...(faults ? { faults } : {}),
                // Kept with the data: a restart over the same table resumes where this consumer stopped.
                ...(options.dataDir
                  ? {
                      positions: new FileStreamPositions(
                        join(resolve(options.dataDir), 'stream-positions', `${spec.name}.json`),
                        log,
                      ),
                    }
                  : {}),
              }),
            ]
          : [],
      ),
    );
    // Stream iterators first: an outbox row written by the first request must not be missed.
    await Promise.all(streamSources.map((s) => s.start()));
    for (const source of sqsSources) source.start();
    if (options.runSchedules !== false) scheduler.start();
    // A queue people read (relay-undeliverable) is watched like a DLQ: each message there needs a person.
    const staffQueues = topology.queues.flatMap((q) => {
      const url = q.consumer === STAFF_CONSUMER ? queues.get(q.name)?.url : undefined;
      return url ? [[`${q.name} (the queue itself)`, url] as const] : [];
    });
    const watched = { ...dlqs, ...Object.fromEntries(staffQueues) };
    const monitor = options.watchDlqs ? new DlqMonitor(sqs, watched, log) : undefined;
    await monitor?.start();

    const info: StackInfo = {
      apiUrl,
      region,
      tableName,
      dynamodbEndpoint: emulators.dynamodbEndpoint,
      sqsEndpoint: emulators.sqsEndpoint,
      sesEndpoint: emulators.sesEndpoint,
      inboxUrl: `${emulators.sesEndpoint}/`,
      queues: byName((q) => q.url),
      dlqs,
      platformQueues: Object.fromEntries(
        topology.platforms.flatMap((p) => {
          const queue = queues.get(platformQueueName(p.platformId));
          return queue ? [[p.platformId, queue.url]] : [];
        }),
      ),
      controlUrl: `${apiUrl}/_local`,
      environment,
    };
    if (options.stateDir) {
      mkdirSync(options.stateDir, { recursive: true });
      writeFileSync(join(options.stateDir, 'stack.json'), `${JSON.stringify(info, null, 2)}\n`);
      writeFileSync(join(options.stateDir, 'credentials.json'), `${JSON.stringify(credentials, null, 2)}\n`, {
        mode: 0o600,
      });
    }

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        // In order, each step after the one that feeds it: no new requests (those in flight answer first),
        // no new schedule runs, then the stream readers (their last batch handled and its position saved),
        // then the queue pollers (their batches handled), and only then the emulators they all write to.
        await api.close();
        await scheduler.stop();
        monitor?.stop();
        await Promise.all(streamSources.map((s) => s.stop()));
        await Promise.all(sqsSources.map((s) => s.stop()));
        dynamodb.destroy();
        streams.destroy();
        sqs.destroy();
        await stopEmulators();
      })();
      return stopping;
    };
    return {
      info,
      credentials,
      environment,
      startupMs: Date.now() - started,
      runSchedule: (name, at) => scheduler.run(name, at),
      restartEmulator: (name, downMs) => emulators.restart(name, downMs),
      ...(faults ? { faults } : {}),
      stop,
    };
  } catch (error) {
    await stopEmulators();
    throw error;
  }
}
