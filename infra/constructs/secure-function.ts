import { existsSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundling, esbuildAliasArgs, NODE_OPTIONS } from '../bundling.js';
import { functionSettingProblems, throwIfProblems, visibilityProblem } from './rules.js';
import type { SecureQueue } from './secure-queue.js';

export interface SecureFunctionProps {
  /** The name the function has in the topology; also the Powertools service name. */
  readonly name: string;
  readonly description: string;
  /** Absolute path of the handler module; it must exist at synth time and export `handler`. */
  readonly entry: string;
  /** The repository root: esbuild resolves workspaces and `tsconfig.json` from here. */
  readonly projectRoot: string;
  /**
   * Function timeout.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB (128–10240); CPU scales with it.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Reserved concurrency, for a function that must not outrun a downstream limit.
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * Environment variables, merged over `NODE_OPTIONS` and `POWERTOOLS_SERVICE_NAME`.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Packages left out of the bundle (infra/bundling.ts `externalModules`: nodemailer unless SMTP).
   * @default []
   */
  readonly externalModules?: readonly string[];
  /**
   * How long the function's log group keeps its logs.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
}

/**
 * One Lambda function with the secure defaults: Node.js 24 on arm64 (cheaper per ms than x86), active X-Ray
 * tracing, JSON logs into its own log group with a retention, a minified ESM bundle with source maps, and a role
 * of its own that can only write its own logs until the caller adds exactly what the function needs.
 */
export class SecureFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    super(scope, id);
    this.timeout = props.timeout ?? Duration.seconds(10);
    const memorySize = props.memorySize ?? 256;
    throwIfProblems(
      [
        ...functionSettingProblems({
          name: props.name,
          timeoutSeconds: this.timeout.toSeconds(),
          memoryMb: memorySize,
          reservedConcurrency: props.reservedConcurrency,
        }),
        existsSync(props.entry)
          ? undefined
          : `function ${props.name}: entry ${props.entry} does not exist; write the handler (exporting \`handler\`) before synthesizing`,
      ],
      `Function ${props.name} cannot be built`,
    );

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    // Our own role instead of the AWS-managed AWSLambdaBasicExecutionRole, whose logs:* grant covers every log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.name}`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: this.timeout,
      memorySize,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: {
        NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: props.name,
        ...props.environment,
      },
      // infra/bundling.ts: shared with the benchmark, so its cold-start figures measure what is deployed.
      bundling: {
        ...bundling,
        mainFields: [...bundling.mainFields],
        format: OutputFormat.ESM,
        externalModules: [...(props.externalModules ?? [])],
        esbuildArgs: esbuildAliasArgs(),
      },
    });
  }

  /**
   * Consumes a queue the way every consumer here must: partial batch responses (one failing record does not
   * return the whole batch), and a visibility timeout long enough that a message being processed is never
   * handed to a second invocation. Refuses, at synth, a queue whose visibility timeout is too short. The event
   * source grants the consumer `sqs:ChangeMessageVisibility` and `sqs:GetQueueUrl` on the queue, which its
   * retry backoff needs (packages/middleware/src/batch.ts; asserted in test/unit/infra/stack.test.ts).
   */
  consumeQueue(source: SecureQueue, options: QueueConsumerOptions): SqsEventSource {
    const windowSeconds = options.maxBatchingWindow?.toSeconds() ?? 0;
    throwIfProblems(
      [
        visibilityProblem(
          { name: source.node.path, visibilityTimeoutSeconds: source.visibilityTimeout.toSeconds() },
          {
            functionName: this.node.path,
            timeoutSeconds: this.timeout.toSeconds(),
            maxBatchingWindowSeconds: windowSeconds,
          },
        ),
      ],
      'A queue consumer cannot be wired',
    );
    const eventSource = new SqsEventSource(source.queue, {
      batchSize: options.batchSize,
      maxBatchingWindow: options.maxBatchingWindow,
      maxConcurrency: options.maxConcurrency,
      reportBatchItemFailures: true,
    });
    this.function.addEventSource(eventSource);
    return eventSource;
  }
}

export interface QueueConsumerOptions {
  /**
   * Records per invocation (1–10, or up to 10000 with a batching window).
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long Lambda gathers records before invoking.
   * @default - no window: invoke as soon as records arrive
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * How many batches of this queue run at once (2–1000).
   * @default - no limit beyond the function's concurrency
   */
  readonly maxConcurrency?: number;
}
