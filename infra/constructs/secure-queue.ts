import type { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queueSettingProblems, throwIfProblems } from './rules.js';

export interface SecureQueueProps {
  /** How long a received message stays hidden from other consumers. Must be ≥ 6 × the consumer's timeout. */
  visibilityTimeout: Duration;
  /** How long the queue keeps an unconsumed message (at most 14 days). */
  retention: Duration;
  /** Receives before a message moves to the dead-letter queue (at least 5). */
  maxReceiveCount: number;
  /** How long the dead-letter queue keeps a message; longer than `retention`, since a message's age carries over. */
  dlqRetention: Duration;
}

/**
 * A queue with its dead-letter queue and the secure defaults: SQS-managed encryption (SSE-SQS, no key policy to
 * maintain and no kms:Decrypt grant needed by consumers) and a queue policy that denies any request not over TLS.
 * Bad settings fail at synth with the rule they break.
 */
export class SecureQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Kept because `Queue` does not expose it, and a consumer must check it against its own timeout. */
  readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: SecureQueueProps) {
    super(scope, id);
    this.visibilityTimeout = props.visibilityTimeout;
    throwIfProblems(
      queueSettingProblems({
        name: this.node.path,
        visibilityTimeoutSeconds: props.visibilityTimeout.toSeconds(),
        retentionDays: props.retention.toSeconds() / 86_400,
        maxReceiveCount: props.maxReceiveCount,
        dlqRetentionDays: props.dlqRetention.toSeconds() / 86_400,
      }),
    );
    this.deadLetterQueue = new Queue(this, 'Dlq', {
      retentionPeriod: props.dlqRetention,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retention,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
