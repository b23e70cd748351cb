import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { FaultInjector, FaultKind } from './faults.js';
import type { LocalFunction } from './lambda-runtime.js';

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  batchSize: number;
  /** How many batches run at once (the mapping's maximum concurrency): one poller each. */
  maxConcurrency: number;
  fn: LocalFunction;
  log: (line: string) => void;
  /** Injected faults (reliability tests only; faults.ts). Without it every batch is delivered as is. */
  faults?: FaultInjector;
}

/** One received message in the shape Lambda hands to an SQS-triggered function. */
export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.AWSTraceHeader ? { AWSTraceHeader: attributes.AWSTraceHeader } : {}),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId
        ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
        : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue !== undefined
            ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
            : {}),
          stringListValues: value.StringListValues ?? [],
          binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Which messages the batch response says succeeded. A response naming a message that was not in the batch, or
 * without an identifier, fails the whole batch, as Lambda does.
 */
export function succeededMessages(batch: readonly SQSRecord[], response: unknown): SQSRecord[] {
  const failures = (response as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return [...batch];
  if (!Array.isArray(failures)) return [];
  const ids = new Set(batch.map((r) => r.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown })?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return batch.filter((r) => !failed.has(r.messageId));
}

/**
 * The SQS event-source mapping: long-polls the queue, hands each batch to the function and deletes only what
 * it reports as done. Failed messages become visible again after the visibility timeout, or sooner when the
 * consumer shortened it with ChangeMessageVisibility (eventConsumer's retry backoff; fauxqs supports it, and the
 * receipt handles passed on are the emulator's own); once received maxReceiveCount times the queue's redrive
 * policy moves them to the DLQ.
 */
export class SqsEventSource {
  private running = false;
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(private readonly options: SqsEventSourceOptions) {}

  start(): void {
    this.running = true;
    for (let i = 0; i < Math.max(1, this.options.maxConcurrency); i++) this.loops.push(this.poll());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async poll(): Promise<void> {
    const { sqs, queueUrl, fn, log } = this.options;
    while (this.running) {
      let messages: Message[];
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, this.options.batchSize),
            // Short long-polls, so that stopping the stack is prompt.
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = out.Messages ?? [];
      } catch (error) {
        if (!this.running) return;
        log(`sqs ${fn.spec.name}: receive failed: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (messages.length === 0) continue;
      await this.deliver(messages.map((m) => toSqsRecord(m, this.options.queueArn, this.options.region)));
    }
  }

  private async deliver(records: SQSRecord[]): Promise<void> {
    const { sqs, queueUrl, fn, log, faults } = this.options;
    const faultOf = new Map<string, FaultKind | undefined>(
      records.map((r) => [
        r.messageId,
        faults?.faultFor(fn.spec.name, r.messageId, Number(r.attributes.ApproximateReceiveCount)),
      ]),
    );
    // An injected `before` fault: the record never reaches the handler, as if its invocation had crashed.
    const invoked = records.filter((r) => faultOf.get(r.messageId) !== 'before');
    let done: SQSRecord[];
    try {
      done =
        invoked.length === 0
          ? []
          : succeededMessages(invoked, await fn.invoke({ Records: invoked } satisfies SQSEvent));
    } catch (error) {
      log(
        `sqs ${fn.spec.name}: batch of ${records.length} failed, none deleted: ${(error as Error).message}`,
      );
      await this.injectFaults(
        records.filter((r) => faultOf.get(r.messageId) === 'before'),
        faultOf,
      );
      return;
    }
    if (done.length < invoked.length)
      log(`sqs ${fn.spec.name}: ${invoked.length - done.length} of ${invoked.length} records failed`);
    // An injected `after` fault: the handler succeeded (its effect is committed) but the delete is lost.
    const kept = done.filter((r) => faultOf.get(r.messageId) === 'after');
    await this.injectFaults(
      [...records.filter((r) => faultOf.get(r.messageId) === 'before'), ...kept],
      faultOf,
    );
    const deleted = done.filter((r) => !kept.includes(r));
    if (deleted.length === 0) return;
    try {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: deleted.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    } catch (error) {
      log(`sqs ${fn.spec.name}: delete failed (messages will be redelivered): ${(error as Error).message}`);
    }
  }

  /**
   * Leaves faulted messages undeleted and makes them visible again soon (the consumer's own backoff is seconds;
   * the queue's visibility timeout would hold them minutes).
   */
  private async injectFaults(
    records: readonly SQSRecord[],
    faultOf: ReadonlyMap<string, FaultKind | undefined>,
  ): Promise<void> {
    const { sqs, queueUrl, fn, log, faults } = this.options;
    if (!faults || records.length === 0) return;
    for (const r of records) {
      const kind = faultOf.get(r.messageId);
      if (kind) faults.injected(fn.spec.name, kind);
    }
    try {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: records.map((r, i) => ({
            Id: String(i),
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: faults.returnAfterSeconds,
          })),
        }),
      );
    } catch (error) {
      log(
        `sqs ${fn.spec.name}: injected faults return after the visibility timeout: ${(error as Error).message}`,
      );
    }
  }
}
