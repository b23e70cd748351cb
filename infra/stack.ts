import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type FunctionSpec,
  platformQueueName,
  type QueueSpec,
  STAFF_CONSUMER,
  type Topology,
} from '@wuhan/topology';
import {
  Annotations,
  Aws,
  CfnOutput,
  Duration,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { accessStatements } from './access-policy.js';
import { externalModules } from './bundling.js';
import type { DeploymentConfig } from './config.js';
import { DeadLetterAlarms } from './constructs/dead-letter-alarms.js';
import { consumeOutboxStream } from './constructs/outbox-stream-consumer.js';
import { restrictPlatformQueue } from './constructs/platform-queue-policy.js';
import { SecureFunction } from './constructs/secure-function.js';
import { SecureQueue } from './constructs/secure-queue.js';
import { ServiceHttpApi } from './constructs/service-http-api.js';
import { SingleTable } from './constructs/single-table.js';
import type { PlatformAccess } from './platform-access.js';
import { assertDeployable, inspectTargets, sendTargets } from './topology-checks.js';

export interface ServiceStackProps extends StackProps {
  topology: Topology;
  deployment: Omit<DeploymentConfig, 'env'>;
  /** Who may read, send to and redrive each platform queue (config/platforms.json and the deploy's context). */
  platformAccess: PlatformAccess;
  /** The repository root; function entries in the topology are relative to it. */
  projectRoot: string;
}

/** `platform-cvc-whu` → `PlatformCvcWhu`: construct ids and output names derived from topology names. */
export function constructId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

const days = (n: number) => Duration.days(n);

/**
 * EventBridge Scheduler invokes Lambda with only the input it is given, not the scheduled-event envelope an
 * EventBridge rule sends. This input is that envelope, as the local stack sends it too, with `time` the
 * instant the schedule was due (`<aws.scheduler.scheduled-time>`, the same on a retry): the deadline sweeper's
 * "now", so a retried sweep fires what was due at its minute, and the local stack can move time by setting it.
 */
export function scheduledEventInput(): ScheduleTargetInput {
  return ScheduleTargetInput.fromObject({
    version: '0',
    id: ContextAttribute.executionId,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    time: ContextAttribute.scheduledTime,
    resources: [ContextAttribute.scheduleArn],
    detail: {},
  });
}

/**
 * The whole service, generated from the topology: nothing here names a function, queue or route. One stack
 * rather than a stateful and a stateless one: the stateful resources are protected where it matters (the table
 * has deletion protection and is retained; queues hold messages for days at most), and one stack avoids
 * cross-stack exports that would pin the queue and table references between deployments.
 */
export class ServiceStack extends Stack {
  readonly table: SingleTable;
  readonly queues = new Map<string, SecureQueue>();
  readonly functions = new Map<string, SecureFunction>();
  /** The on-failure queue of each stream-consuming function, by function name. */
  readonly streamFailureQueues = new Map<string, Queue>();
  readonly httpApi: ServiceHttpApi;
  readonly alarms: DeadLetterAlarms;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { topology, deployment, projectRoot } = props;
    const entryPath = (fn: FunctionSpec) => resolve(projectRoot, fn.entry);
    assertDeployable(topology, { entryExists: (entry) => existsSync(resolve(projectRoot, entry)) });

    this.table = new SingleTable(this, 'Data', topology.table);
    this.alarms = new DeadLetterAlarms(this, 'DeadLetterAlarms', { opsEmail: deployment.opsEmail });
    for (const spec of topology.queues) {
      const queue = new SecureQueue(this, `${constructId(spec.name)}Queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retention: days(spec.retentionDays),
        maxReceiveCount: spec.maxReceiveCount,
        dlqRetention: days(spec.dlqRetentionDays),
      });
      this.queues.set(spec.name, queue);
      this.alarms.watch(constructId(spec.name), queue.deadLetterQueue);
      // A queue people read (relay-undeliverable) holds only what needs a person: its first message alarms too.
      if (spec.consumer === STAFF_CONSUMER) {
        this.alarms.watch(
          `${constructId(spec.name)}Queue`,
          queue.queue,
          `A message reached ${spec.name}: it cannot be delivered as it is and needs a person (read its reason, fix the cause, redrive it).`,
        );
      }
    }
    const queueRefs = new Map([...this.queues].map(([name, q]) => [name, q.queue]));

    this.httpApi = new ServiceHttpApi(this, 'Http', {
      apiName: topology.service,
      throttle: topology.api.throttle,
      publicRouteThrottle: topology.api.anonymousThrottle,
    });
    const mailDomain = deployment.mailFrom.split('@')[1] ?? deployment.mailFrom;
    // SES authorizes SendEmail against the identity the mail is sent from: the verified domain, or the address
    // itself when only the address is verified. (In the SES sandbox it also checks each recipient's identity;
    // leave the sandbox before deploying, or add the verified recipients here.)
    // With the SMTP transport no function talks to SES, so none is granted SendEmail.
    const sesIdentityArns =
      deployment.mailTransport === 'ses'
        ? [mailDomain, deployment.mailFrom].map((identity) =>
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          )
        : [];

    for (const spec of topology.functions) {
      const reachable = [...sendTargets(topology, spec), ...inspectTargets(topology, spec)];
      const queueUrls = Object.fromEntries(reachable.map((q) => [q.name, queueRefs.get(q.name)?.queueUrl]));
      const fn = new SecureFunction(this, `${constructId(spec.name)}Function`, {
        name: spec.name,
        description: spec.description,
        entry: entryPath(spec),
        projectRoot,
        timeout: Duration.seconds(spec.timeoutSeconds),
        memorySize: spec.memoryMb,
        reservedConcurrency: spec.reservedConcurrency,
        externalModules: externalModules(deployment.mailTransport),
        environment: {
          TABLE_NAME: this.table.table.tableName,
          QUEUE_URLS: this.toJsonString(queueUrls),
          MAIL_FROM: deployment.mailFrom,
          OPS_EMAIL: deployment.opsEmail,
          MAIL_TRANSPORT: deployment.mailTransport,
          ...(deployment.smtpUrl ? { SMTP_URL: deployment.smtpUrl } : {}),
          API_BASE_URL: deployment.apiBaseUrl ?? this.httpApi.url,
          ...spec.environment,
        },
      });
      for (const statement of accessStatements(topology, spec, {
        tableArn: this.table.table.tableArn,
        queues: queueRefs,
        sesIdentityArns,
      })) {
        fn.role.addToPrincipalPolicy(statement);
      }
      this.functions.set(spec.name, fn);
      this.wireTriggers(spec, fn);
      acknowledgeUnavoidableWildcards(
        fn,
        spec,
        this.getLogicalId(this.table.table.node.defaultChild as CfnTable),
      );
    }

    this.restrictPlatformQueues(topology, props.platformAccess);

    const authorizerSpec = topology.functions.find((f) => f.triggers.some((t) => t.kind === 'authorizer'));
    this.httpApi.addHandlers(
      topology.functions.flatMap((spec) =>
        spec.triggers.flatMap((t) =>
          t.kind === 'http'
            ? [{ name: constructId(spec.name), function: this.fn(spec.name).function, routes: t.routes }]
            : [],
        ),
      ),
      authorizerSpec ? this.fn(authorizerSpec.name).function : undefined,
    );

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    for (const [name, queue] of this.queues) {
      new CfnOutput(this, `${constructId(name)}QueueUrl`, {
        value: queue.queue.queueUrl,
        description: `Queue ${name}`,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    // Where a stream consumer's given-up batches point to; `npm run redrive -- --stream-failures <url>` resends
    // their events from the stored event rows (the subjects' history) once the stream's 24 h are over.
    for (const [name, failures] of this.streamFailureQueues) {
      new CfnOutput(this, `${constructId(name)}StreamFailuresUrl`, {
        value: failures.queueUrl,
        description: `Stream failures of ${name}`,
      });
    }
  }

  /**
   * Each platform queue and its DLQ readable by that platform's principal alone (see restrictPlatformQueue):
   * the relay may send because the routing sends there, the health report may read counts because it inspects
   * the queue, and CloudFormation's execution role (the CDK bootstrap's `cdk-*-cfn-exec-role`) may read
   * attributes while it deploys.
   */
  private restrictPlatformQueues(topology: Topology, access: PlatformAccess): void {
    const deployRoles = [
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-*-cfn-exec-role-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
    ];
    const rolesReaching = (name: string, targets: (fn: FunctionSpec) => QueueSpec[]) =>
      topology.functions
        .filter((spec) => targets(spec).some((q) => q.name === name))
        .map((spec) => this.fn(spec.name).role.roleArn);
    for (const platform of topology.platforms) {
      const name = platformQueueName(platform.platformId);
      const queue = this.queues.get(name);
      const reader = access.readers.get(platform.platformId);
      if (!queue || !reader)
        throw new Error(`Platform ${platform.platformId}: no queue ${name} or no reader`);
      restrictPlatformQueue(queue, {
        reader,
        senders: rolesReaching(name, (spec) => sendTargets(topology, spec)),
        inspectors: rolesReaching(name, (spec) => inspectTargets(topology, spec)),
        operators: access.queueOperators,
        deployRoles,
      });
      if (access.placeholders.includes(platform.platformId)) {
        Annotations.of(queue).addWarningV2(
          '@wuhan/platform-reader-placeholder',
          `${platform.platformId} is read by the repository's placeholder ${reader}: SQS refuses a policy naming ` +
            'a principal that does not exist, so give the real one with -c platform-principals=… to deploy',
        );
      }
    }
  }

  private fn(name: string): SecureFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`No function ${name} was created`);
    return fn;
  }

  private wireTriggers(spec: FunctionSpec, fn: SecureFunction): void {
    for (const trigger of spec.triggers) {
      switch (trigger.kind) {
        case 'queue': {
          const queue = this.queues.get(trigger.queue);
          if (!queue) throw new Error(`function ${spec.name}: no queue ${trigger.queue}`);
          fn.consumeQueue(queue, {
            batchSize: trigger.batchSize,
            maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
            maxConcurrency: trigger.maxConcurrency,
          });
          break;
        }
        case 'stream': {
          const failures = new Queue(this, `${constructId(spec.name)}StreamFailures`, {
            retentionPeriod: days(14),
            encryption: QueueEncryption.SQS_MANAGED,
            enforceSSL: true,
          });
          Validations.of(failures).acknowledge({
            id: 'AwsSolutions-SQS3',
            reason: `This queue is itself a dead-letter queue: the on-failure destination of ${spec.name}'s stream mapping`,
          });
          this.streamFailureQueues.set(spec.name, failures);
          this.alarms.watch(`${constructId(spec.name)}StreamFailures`, failures);
          consumeOutboxStream(fn, this.table.table, {
            batchSize: trigger.batchSize,
            maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
            retryAttempts: trigger.retryAttempts,
            onFailure: failures,
          });
          break;
        }
        case 'schedule': {
          const role = new Role(this, `${constructId(trigger.name)}ScheduleRole`, {
            assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
            description: `EventBridge Scheduler invokes ${spec.name} for ${trigger.name}`,
          });
          Validations.of(role).acknowledge({
            id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
            reason: `The scheduler may invoke ${spec.name} and its versions (<function ARN>:*), nothing else`,
          });
          new Schedule(this, `${constructId(trigger.name)}Schedule`, {
            description: `${trigger.name}: cron(${trigger.cron}) in ${trigger.timeZone}`,
            schedule: ScheduleExpression.expression(`cron(${trigger.cron})`, TimeZone.of(trigger.timeZone)),
            target: new LambdaInvoke(fn.function, {
              role,
              retryAttempts: 2,
              maxEventAge: Duration.hours(1),
              input: scheduledEventInput(),
            }),
          });
          break;
        }
        case 'http':
        case 'authorizer':
          // Wired once for all functions by the HTTP API, after every function exists.
          break;
      }
    }
  }
}

/**
 * The wildcards IAM itself requires, each acknowledged with the reason it cannot be narrowed. Everything else a
 * function's role holds names a resource of this stack.
 */
function acknowledgeUnavoidableWildcards(
  fn: SecureFunction,
  spec: FunctionSpec,
  tableLogicalId: string,
): void {
  Validations.of(fn.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions' +
      (spec.triggers.some((t) => t.kind === 'stream')
        ? '; dynamodb:ListStreams (granted by the stream event source) works only on *'
        : ''),
  });
  if (spec.access.table.includes('dynamodb:Query')) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: `${spec.name} queries the table's GSIs; the wildcard covers only this table's own indexes, with the same declared actions`,
    });
  }
}
