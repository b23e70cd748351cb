import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Messages waiting in each dead-letter queue, by the source queue's topology name. */
export async function dlqDepths(
  sqs: SQSClient,
  dlqs: Readonly<Record<string, string>>,
): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(dlqs).map(async ([name, url]) => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return [name, Number(Attributes?.ApproximateNumberOfMessages ?? 0)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The local stand-in for the DLQ alarm: polls every few seconds and reports each change of a DLQ's depth
 * (a message arriving is what would page the operations address in AWS).
 */
export class DlqMonitor {
  private timer: NodeJS.Timeout | undefined;
  private last: Record<string, number> = {};

  constructor(
    private readonly sqs: SQSClient,
    private readonly dlqs: Readonly<Record<string, string>>,
    private readonly report: (line: string) => void,
    private readonly intervalMs = 3000,
  ) {}

  async start(): Promise<void> {
    this.last = await dlqDepths(this.sqs, this.dlqs).catch(() => ({}));
    for (const [name, depth] of Object.entries(this.last)) {
      if (depth > 0) this.report(`DLQ ${name}: ${depth} message(s) waiting`);
    }
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    const now = await dlqDepths(this.sqs, this.dlqs).catch(() => undefined);
    if (!now) return;
    for (const [name, depth] of Object.entries(now)) {
      const before = this.last[name] ?? 0;
      if (depth !== before)
        this.report(
          `DLQ ${name}: ${before} → ${depth}${depth > before ? '  ⚠ a message failed every retry' : ''}`,
        );
    }
    this.last = now;
  }
}
