import {
  SqsChangeMessageVisibilityCommand,
  SqsGetQueueUrlCommand,
  sqsVisibility,
} from './clients/sqs-visibility.js';

/**
 * How long a message that failed transiently waits before its next delivery, by how often it was delivered:
 * 2 s after the first failure, then 8 s, 30 s, 120 s, and 300 s from the fifth on. Without this every transient
 * SES or DynamoDB failure waited the whole visibility timeout (181 s) and a message needed 918 s to reach its DLQ
 * (issue 12, defect 5); a blip now costs seconds, while a lasting outage is still spread over minutes.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [2, 8, 30, 120, 300];

/** The wait after the `receiveCount`-th delivery failed (1 = the first delivery); the last delay repeats. */
export function retryDelaySeconds(
  receiveCount: number,
  delays: readonly number[] = RETRY_DELAYS_SECONDS,
): number {
  const index = Math.min(Math.max(Math.trunc(receiveCount), 1), delays.length) - 1;
  return delays[index] ?? 0;
}

/** The queue's name from its ARN (`arn:aws:sqs:<region>:<account>:<name>`), or undefined for anything else. */
export function queueNameOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length === 6 && parts[0] === 'arn' && parts[2] === 'sqs' && parts[5] ? parts[5] : undefined;
}

// One lookup per queue and process: the URL never changes, and the endpoint (AWS or the local emulator) is the
// SQS client's, so the same code works in both. The calls go through the two-operation client of
// clients/sqs-visibility.ts, not `@aws-sdk/client-sqs`, which no consumer bundle carries any more (issue 13).
const queueUrls = new Map<string, Promise<string>>();

async function queueUrlOf(name: string): Promise<string> {
  let url = queueUrls.get(name);
  if (!url) {
    url = sqsVisibility.send(new SqsGetQueueUrlCommand({ QueueName: name })).then(({ QueueUrl }) => {
      if (!QueueUrl) throw new Error(`SQS returned no URL for queue ${name}`);
      return QueueUrl;
    });
    // A failed lookup is not remembered: the next failure asks again.
    url.catch(() => queueUrls.delete(name));
    queueUrls.set(name, url);
  }
  return url;
}

/** Forgets the looked-up queue URLs (tests). */
export function resetQueueUrls(): void {
  queueUrls.clear();
}

export interface DelayedRedelivery {
  queueArn: string;
  receiptHandle: string;
  seconds: number;
}

/**
 * Makes a received message visible again after `seconds` instead of the queue's visibility timeout. The
 * consumer needs `sqs:ChangeMessageVisibility` and `sqs:GetQueueUrl` on its queue.
 */
export async function delayRedelivery({
  queueArn,
  receiptHandle,
  seconds,
}: DelayedRedelivery): Promise<void> {
  const name = queueNameOfArn(queueArn);
  if (!name) throw new Error(`Not an SQS queue ARN: ${queueArn}`);
  await sqsVisibility.send(
    new SqsChangeMessageVisibilityCommand({
      QueueUrl: await queueUrlOf(name),
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
}
